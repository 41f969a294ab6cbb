package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.Deadlines;
import io.eventide.dispatcher.api.DispatcherException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Callers waiting for the reply to a message, by message id. Several callers may wait for one
 * message (a repeated call with the same idempotency key). A waiter is registered before its
 * message can possibly be processed, so a reply never slips past it.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: shards complete, gateway threads register.
 */
public final class PendingCalls {
  private final Map<String, List<CompletableFuture<CallReply>>> waiters = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  /** The key group of each message whose waiters registered one. */
  private final Map<String, Integer> groups = new ConcurrentHashMap<>();

  private final int limit;

  public PendingCalls(int limit) {
    this.limit = limit;
  }

  /**
   * As {@link #register(String, Duration)} for a message of {@code keyGroup}: if this process stops
   * serving the group before the reply, the waiter fails at once ({@link #failGroups}) instead of
   * at its timeout, and the caller retries with its idempotency key where the group went.
   */
  public CompletableFuture<CallReply> register(String messageId, int keyGroup, Duration timeout) {
    CompletableFuture<CallReply> answer = register(messageId, timeout);
    if (!answer.isDone()) {
      groups.put(messageId, keyGroup);
      answer.whenComplete((reply, error) -> groups.remove(messageId));
    }
    return answer;
  }

  /**
   * Fails the waiters of every message registered with one of the key groups set in {@code
   * keyGroups}: one pass over the waiting calls for a hand-over of any number of groups.
   */
  public void failGroups(BitSet keyGroups, DispatcherException error) {
    groups.forEach(
        (messageId, group) -> {
          if (keyGroups.get(group)) {
            fail(messageId, error);
          }
        });
  }

  /** Registers a waiter that fails with TIMEOUT after {@code timeout}. */
  public CompletableFuture<CallReply> register(String messageId, Duration timeout) {
    if (count.incrementAndGet() > limit) {
      count.decrementAndGet();
      return CompletableFuture.failedFuture(
          new DispatcherException(
              DispatcherException.Code.OVERLOADED, "too many calls waiting for replies"));
    }
    CompletableFuture<CallReply> future = new CompletableFuture<>();
    waiters.computeIfAbsent(messageId, k -> new CopyOnWriteArrayList<>()).add(future);
    Deadlines.orTimeout(future, timeout).whenComplete((reply, error) -> forget(messageId, future));
    CompletableFuture<CallReply> answer = future.exceptionallyCompose(PendingCalls::mapTimeout);
    // A caller that gives up (cancels) frees its place at once instead of at its timeout.
    answer.whenComplete(
        (reply, error) -> {
          if (answer.isCancelled()) {
            future.cancel(false);
          }
        });
    return answer;
  }

  private static CompletableFuture<CallReply> mapTimeout(Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return CompletableFuture.failedFuture(
          new DispatcherException(
              DispatcherException.Code.TIMEOUT, "no reply within the call's timeout"));
    }
    return CompletableFuture.failedFuture(cause);
  }

  private void forget(String messageId, CompletableFuture<CallReply> future) {
    waiters.computeIfPresent(
        messageId,
        (k, list) -> {
          if (list.remove(future)) {
            count.decrementAndGet();
          }
          return list.isEmpty() ? null : list;
        });
  }

  /** True when someone waits for {@code messageId}: only then is the reply worth building. */
  public boolean isAwaited(String messageId) {
    return waiters.containsKey(messageId);
  }

  public void complete(String messageId, CallReply reply) {
    List<CompletableFuture<CallReply>> list = waiters.get(messageId);
    if (list != null) {
      list.forEach(f -> f.complete(reply));
    }
  }

  public void fail(String messageId, DispatcherException error) {
    List<CompletableFuture<CallReply>> list = waiters.get(messageId);
    if (list != null) {
      list.forEach(f -> f.completeExceptionally(error));
    }
  }

  /** Fails every waiter, e.g. on shutdown. */
  public void failAll(DispatcherException error) {
    waiters.values().forEach(list -> list.forEach(f -> f.completeExceptionally(error)));
  }

  public int size() {
    return count.get();
  }
}
