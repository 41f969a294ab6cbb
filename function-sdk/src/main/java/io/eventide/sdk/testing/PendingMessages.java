package io.eventide.sdk.testing;

import io.eventide.sdk.runtime.DelayedId;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The messages a {@link FunctionTestDriver} has not delivered yet, immediate and delayed alike: an
 * immediate message is simply due now. Ordering by due time and then by send order gives FIFO
 * delivery of messages due at the same time.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver. Unbounded on purpose: the driver caps the number of
 * deliveries per run instead, which is what catches a message loop.
 */
final class PendingMessages {
  private final PriorityQueue<Envelope> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(Envelope::due).thenComparingLong(Envelope::sequence));

  void add(Envelope envelope) {
    queue.add(envelope);
  }

  /** Drops the delayed message {@code id} if it still waits; delivered or unknown, nothing. */
  void cancel(DelayedId id) {
    queue.removeIf(envelope -> id.equals(envelope.delayed()));
  }

  /** The next message to deliver, due or not, or null. */
  Envelope peek() {
    return queue.peek();
  }

  /** Removes and returns the next message due at {@code now} or earlier, or null. */
  Envelope pollDue(long now) {
    Envelope head = queue.peek();
    return head != null && head.due() <= now ? queue.poll() : null;
  }

  /** The earliest due time, or {@link Long#MAX_VALUE} when nothing waits. */
  long nextDue() {
    Envelope head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.due();
  }

  int size() {
    return queue.size();
  }
}
