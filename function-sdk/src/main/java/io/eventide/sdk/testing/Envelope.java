package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.DelayedId;
import io.eventide.sdk.runtime.IncomingMessage;
import java.util.Optional;

/**
 * A message waiting in a {@link FunctionTestDriver}: delivered once the processing-time clock
 * reaches {@code due}, ordered by {@code due} and then by {@code sequence} (FIFO).
 *
 * @param target where it goes
 * @param caller the sending function; empty for messages from the driver (ingress)
 * @param message payload, content type and event time
 * @param due processing time at which it may be delivered, epoch ms
 * @param sequence the driver-wide order in which it was sent
 * @param call where the reply goes when the message is a call; null otherwise
 * @param delayed the id that cancels it while it waits; null for a message sent now
 */
record Envelope(
    Address target,
    Optional<Address> caller,
    IncomingMessage message,
    long due,
    long sequence,
    CallResult call,
    DelayedId delayed) {}
