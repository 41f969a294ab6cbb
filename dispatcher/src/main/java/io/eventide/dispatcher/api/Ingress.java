package io.eventide.dispatcher.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The dispatcher's ingress, as the gateway uses it. Every future completes only once what it
 * acknowledges is durable; failures are {@link DispatcherException}s. A message's idempotency key
 * is scoped to its source and target; given again there with a different request, it fails with
 * {@link DispatcherException.Code#IDEMPOTENCY_KEY_MISMATCH} and nothing is enqueued.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking: callable from an I/O thread.
 */
public interface Ingress {
  /** Enqueues a message durably (source {@code rest}). */
  CompletableFuture<SendReceipt> sendAsync(IngressMessage message);

  /** Enqueues a message and completes with the handler's reply, or fails with TIMEOUT. */
  CompletableFuture<CallReply> callAsync(IngressMessage message, Duration timeout);

  /**
   * Enqueues a batch from {@code source} durably, in order; completes with the number accepted.
   * Events whose key was given before with a different event are left out, and the future then
   * fails with {@code IDEMPOTENCY_KEY_MISMATCH} naming them ({@link DispatcherException#events()})
   * once all the others are durable.
   */
  CompletableFuture<Integer> ingestAsync(String source, List<IngressMessage> events);

  /** Advances {@code source}'s watermark explicitly. */
  CompletableFuture<Void> watermarkAsync(String source, long watermark);

  /**
   * Re-enqueues the dead letter {@code messageId} of {@code target} (namespace, type, id) in one
   * transaction that also removes it; completes with the new message's receipt, or fails with
   * {@code NOT_FOUND} when no such dead letter is kept. See {@link DeadLetters}.
   */
  default CompletableFuture<SendReceipt> replayAsync(
      String messageId, String namespace, String type, String id) {
    return CompletableFuture.failedFuture(
        new DispatcherException(
            DispatcherException.Code.UNAVAILABLE, "this ingress cannot replay dead letters"));
  }
}
