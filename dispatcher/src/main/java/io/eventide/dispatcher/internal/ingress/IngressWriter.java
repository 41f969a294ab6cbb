package io.eventide.dispatcher.internal.ingress;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.internal.commit.PendingCalls;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.dedup.Fingerprints;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Signals;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.Ids;
import io.eventide.protocol.DedupRecord;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Appends ingress messages to key-group inboxes: one transaction per request that writes the entry
 * and, when the request carried an {@code Idempotency-Key}, its dedup record. A request is
 * acknowledged only after that commit, so an acknowledged message is never lost, and a repeated key
 * finds the dedup record and enqueues nothing: a repeated send gets the first one's receipt, a
 * repeated call the first one's outcome, waiting for it while the first is in flight. Keys are
 * scoped to the source {@code rest} and the target ({@link DedupRecords.Scope}); a key repeated
 * with a different request ({@link Fingerprints}) fails with {@code IDEMPOTENCY_KEY_MISMATCH}.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking.
 */
public final class IngressWriter {
  private final int keyGroups;
  private final Store store;
  private final TransactionRunner runner;
  private final Signals signals;
  private final Inboxes inboxes;
  private final Backlog backlog;
  private final Sources sources;
  private final Topology topology;
  private final PendingCalls calls;
  private final DedupRecords dedup;

  public IngressWriter(int keyGroups, Store store, TransactionRunner runner, IngressParts parts) {
    this.keyGroups = keyGroups;
    this.store = store;
    this.runner = runner;
    this.signals = parts.signals();
    this.inboxes = parts.inboxes();
    this.backlog = parts.backlog();
    this.sources = parts.sources();
    this.topology = parts.topology();
    this.calls = parts.calls();
    this.dedup = parts.dedup();
  }

  public CompletableFuture<SendReceipt> send(IngressMessage message) {
    return enqueue(message, Ids.newMessageId(), false).thenApply(outcome -> outcome.receipt);
  }

  public CompletableFuture<CallReply> call(IngressMessage message, Duration timeout) {
    String messageId = Ids.newMessageId();
    int keyGroup = KeyGroups.of(message.namespace(), message.type(), message.id(), keyGroups);
    CompletableFuture<CallReply> reply = calls.register(messageId, keyGroup, timeout);
    try {
      if (message.idempotencyKey() == null && handOver(message, messageId)) {
        return reply;
      }
    } catch (RuntimeException e) {
      reply.cancel(false);
      return CompletableFuture.failedFuture(e);
    }
    return enqueue(message, messageId, true)
        .handle(
            (outcome, error) -> {
              if (error == null && !outcome.receipt.duplicate()) {
                return reply;
              }
              reply.cancel(
                  false); // this call enqueued nothing: its waiter would only wait for its timeout
              return error != null
                  ? CompletableFuture.<CallReply>failedFuture(error)
                  : awaitEarlier(outcome.earlier, message, keyGroup, timeout);
            })
        .thenCompose(answer -> answer);
  }

  /**
   * The fast path of a call without an idempotency key: straight to its shard, whose batch commit
   * is the only commit it needs. A call with a key takes the durable path, where the dedup record
   * is written before anything runs.
   */
  private boolean handOver(IngressMessage message, String messageId) {
    if (!topology.knows(Sources.REST, message.namespace(), message.type())) {
      return false; // the durable path records that rest reaches this type first
    }
    int keyGroup = KeyGroups.of(message.namespace(), message.type(), message.id(), keyGroups);
    backlog.admit(keyGroup);
    long now = System.currentTimeMillis();
    SourceClock clock = sources.clock(Sources.REST);
    InboxEntry entry =
        entry(
            message,
            messageId,
            true,
            Sources.REST,
            now,
            clock.stampConcurrently(message.eventTimeOr(now), now));
    if (!signals.handOver(keyGroup, entry)) {
      return false;
    }
    clock.commit(clock.stampedProgress());
    return true;
  }

  /** A repeated call: answer with the first call's outcome, waiting for it if need be. */
  private CompletableFuture<CallReply> awaitEarlier(
      DedupRecord earlier, IngressMessage message, int keyGroup, Duration timeout) {
    DedupRecords.Scope scope = DedupRecords.Scope.of(Sources.REST, message);
    DedupRecord record = readDedup(scope, message.idempotencyKey());
    if (record != null && (record.getReplied() || record.getFailed())) {
      return outcomeOf(record);
    }
    CompletableFuture<CallReply> reply = calls.register(earlier.getMessageId(), keyGroup, timeout);
    // The reply may have committed between the dedup read and the registration: look once more.
    DedupRecord now = readDedup(scope, message.idempotencyKey());
    if (now != null && (now.getReplied() || now.getFailed())) {
      reply.cancel(false);
      return outcomeOf(now);
    }
    return reply;
  }

  private static CompletableFuture<CallReply> outcomeOf(DedupRecord record) {
    if (record.getFailed()) {
      return CompletableFuture.failedFuture(
          new DispatcherException(
              DispatcherException.Code.HANDLER_FAILED,
              "the first call with this idempotency key failed: " + record.getError()));
    }
    if (!record.getReplied()) {
      return CompletableFuture.completedFuture(new CallReply(new byte[0], null));
    }
    Payload reply = record.getReply();
    return CompletableFuture.completedFuture(
        new CallReply(
            reply.getData().toByteArray(),
            reply.getContentType().isEmpty() ? null : reply.getContentType()));
  }

  private CompletableFuture<Outcome> enqueue(
      IngressMessage message, String messageId, boolean call) {
    int keyGroup;
    byte[] entry;
    byte[] fingerprint;
    SourceClock clock = sources.clock(Sources.REST);
    boolean learn = !topology.knows(Sources.REST, message.namespace(), message.type());
    try {
      keyGroup = KeyGroups.of(message.namespace(), message.type(), message.id(), keyGroups);
      backlog.admit(keyGroup);
      long now = System.currentTimeMillis();
      entry =
          entry(
                  message,
                  messageId,
                  call,
                  Sources.REST,
                  now,
                  clock.stampConcurrently(message.eventTimeOr(now), now))
              .toByteArray();
      fingerprint =
          message.idempotencyKey() == null
              ? null
              : new Fingerprints()
                  .of(call ? Fingerprints.Kind.CALL : Fingerprints.Kind.SEND, message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    String key = message.idempotencyKey();
    DedupRecords.Scope scope = DedupRecords.Scope.of(Sources.REST, message);
    return runner
        .runAsync(
            tx -> {
              if (key != null) {
                DedupRecord earlier =
                    dedup.claim(tx, scope, key, messageId, fingerprint, System.currentTimeMillis());
                if (earlier != null) {
                  return new Outcome(new SendReceipt(earlier.getMessageId(), true), earlier);
                }
              }
              if (learn) {
                topology.noteSource(tx, Sources.REST, message.namespace(), message.type());
              }
              inboxes.appendOne(tx, keyGroup, entry);
              return new Outcome(new SendReceipt(messageId, false), null);
            })
        .thenCompose(
            outcome -> {
              if (!outcome.receipt.duplicate()) {
                backlog.enqueued(keyGroup, 1);
                signals.signal(keyGroup);
                clock.commit(clock.stampedProgress()); // after the signal, as BatchIngest does
              } else if (!DedupRecords.sameRequest(outcome.earlier, fingerprint)) {
                return CompletableFuture.failedFuture(
                    new DispatcherException(
                        DispatcherException.Code.IDEMPOTENCY_KEY_MISMATCH,
                        "idempotency key '"
                            + key
                            + "' was used before with a different request to "
                            + scope
                            + "; a key stands for one request"));
              }
              return CompletableFuture.completedFuture(outcome);
            });
  }

  /**
   * The inbox entry for an ingress message; without a stamp when {@code stamp} is null ({@link
   * Stamped}).
   */
  static InboxEntry entry(
      IngressMessage m,
      String messageId,
      boolean call,
      String source,
      long now,
      SourceClock.Stamp stamp) {
    InboxEntry.Builder entry =
        InboxEntry.newBuilder()
            .setTarget(Addr.proto(m))
            .setPayload(
                Payload.newBuilder()
                    .setContentType(m.contentTypeOrDefault())
                    .setData(ByteString.copyFrom(m.payload())))
            .setEventTime(m.eventTimeOr(now))
            .setMessageId(messageId)
            .setSource(source);
    if (stamp != null) {
      entry.setSourceSequence(stamp.sequence()).setSourceWatermark(stamp.watermark());
    }
    if (call) {
      entry.setCallId(messageId);
    }
    if (m.idempotencyKey() != null) {
      entry.setIdempotencyKey(m.idempotencyKey());
    }
    if (m.traceparent() != null) {
      entry.setTraceparent(m.traceparent());
    }
    return entry.build();
  }

  private DedupRecord readDedup(DedupRecords.Scope scope, String key) {
    try (Transaction tx = store.begin()) {
      return dedup.read(tx.snapshot(), scope, key);
    }
  }

  private record Outcome(SendReceipt receipt, DedupRecord earlier) {}
}
