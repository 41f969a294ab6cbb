package io.eventide.dispatcher.internal.ingress;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.internal.commit.DeadLetterRecords;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.Ids;
import io.eventide.protocol.Address;
import io.eventide.protocol.DeadLetterRecord;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.concurrent.CompletableFuture;

/**
 * Replays a dead letter: ONE transaction reads it, removes it and appends the message to its key
 * group's inbox, as {@code /v1/send} appends (source {@code rest}, stamped by rest's clock). The
 * message keeps its payload, content type, event time and caller; it gets a new message id, so that
 * the ids derived from it (its messages and egress records) never repeat those of the attempts that
 * failed. Since the dead letter goes in the commit that enqueues the message, a replay takes effect
 * once whatever crashes: a second replay of the id finds nothing ({@code NOT_FOUND}), before or
 * after a restart, and the enqueued message is processed exactly once like any other.
 *
 * <p>Event time: the message is judged against rest's watermark, as a send with {@code
 * X-Event-Time} of that time would be. An old event is therefore late for windows whose end plus
 * allowed lateness the watermark passed (the late-message handler gets it, or it is dropped and
 * counted), and re-fires a window still within its allowed lateness, as in Flink.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking.
 */
public final class DeadLetterReplay {
  private final int keyGroups;
  private final Keyspace keyspace;
  private final TransactionRunner runner;
  private final IngressParts parts;

  public DeadLetterReplay(
      int keyGroups, Keyspace keyspace, TransactionRunner runner, IngressParts parts) {
    this.keyGroups = keyGroups;
    this.keyspace = keyspace;
    this.runner = runner;
    this.parts = parts;
  }

  /** Replays the dead letter {@code messageId} of {@code target}; NOT_FOUND when none is kept. */
  public CompletableFuture<SendReceipt> replay(String messageId, Address target) {
    Addr addr = Addr.of(target);
    int keyGroup = KeyGroups.of(addr.namespace(), addr.type(), addr.id(), keyGroups);
    SourceClock clock = parts.sources().clock(Sources.REST);
    String newId = Ids.newMessageId();
    try {
      parts.backlog().admit(keyGroup);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return runner
        .runAsync(
            tx -> {
              DeadLetterRecord letter = DeadLetterRecords.read(tx, keyspace, messageId);
              if (letter == null || !letter.getEntry().getTarget().equals(target)) {
                throw new DispatcherException(
                    DispatcherException.Code.NOT_FOUND,
                    "no dead letter "
                        + messageId
                        + " of "
                        + addr
                        + " (replayed or deleted already, or never dead-lettered)");
              }
              InboxEntry old = letter.getEntry();
              long now = System.currentTimeMillis();
              // Stamped inside the transaction: a retried attempt stamps again, later in rest's
              // order, and only the committed stamp is published below.
              SourceClock.Stamp stamp = clock.stampConcurrently(old.getEventTime(), now);
              InboxEntry.Builder entry =
                  InboxEntry.newBuilder()
                      .setTarget(old.getTarget())
                      .setPayload(old.getPayload())
                      .setEventTime(old.getEventTime())
                      .setMessageId(newId)
                      .setSource(Sources.REST)
                      .setSourceSequence(stamp.sequence())
                      .setSourceWatermark(stamp.watermark());
              if (old.hasCaller()) {
                entry.setCaller(old.getCaller());
              }
              DeadLetterRecords.clear(tx, keyspace, letter);
              if (!parts.topology().knows(Sources.REST, addr.namespace(), addr.type())) {
                parts.topology().noteSource(tx, Sources.REST, addr.namespace(), addr.type());
              }
              parts.inboxes().appendOne(tx, keyGroup, entry.build().toByteArray());
              return new SendReceipt(newId, false);
            })
        .thenApply(
            receipt -> {
              parts.backlog().enqueued(keyGroup, 1);
              parts.signals().signal(keyGroup);
              clock.commit(clock.stampedProgress()); // after the signal, as IngressWriter does
              return receipt;
            });
  }
}
