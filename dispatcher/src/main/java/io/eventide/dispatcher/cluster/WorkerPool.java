package io.eventide.dispatcher.cluster;

import io.eventide.dispatcher.api.Daemons;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.dispatcher.internal.remote.IngressCodec;
import io.eventide.dispatcher.internal.remote.Outstanding;
import io.eventide.dispatcher.internal.remote.PartStream;
import io.eventide.dispatcher.internal.remote.Peers;
import io.eventide.dispatcher.internal.remote.Unary;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.github.resilience4j.retry.Retry;
import io.grpc.ManagedChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The dispatcher's {@link Invoker} in a cluster: invocation batches go to the live workers of the
 * directory, each to the one with the fewest batches in flight. A batch that fails at a worker
 * (crash, refused connection, deadline passed, open circuit) is retried on another, with
 * exponential backoff and jitter. Invoking twice is harmless: workers hold no state, and nothing a
 * handler does takes effect before the dispatcher commits the one result it keeps.
 *
 * <pre>{@code
 * WorkerPool pool = new WorkerPool(cache::get, RemoteOptions.defaults());
 * cache.addListener(pool::observe);
 * Dispatcher dispatcher = new Dispatcher(config, store, keyspace, pool, registry);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking.
 */
public final class WorkerPool implements Invoker, AutoCloseable {
  private final Supplier<Snapshot> directory;
  private final RemoteOptions options;
  private final Peers peers;
  private final ScheduledExecutorService scheduler;
  private final Retry retry;

  public WorkerPool(Supplier<Snapshot> directory, RemoteOptions options) {
    this.directory = directory;
    this.options = options;
    this.peers = new Peers("worker", options);
    this.scheduler = Daemons.scheduler("eventide-invoke-retry");
    this.retry = options.retry("workers", e -> true);
  }

  /** Forgets workers the directory no longer lists. */
  public void observe(Snapshot snapshot) {
    peers.retain(
        snapshot.workers().values().stream().map(Member::endpoint).collect(Collectors.toSet()));
  }

  /**
   * Streams the batch's results from a worker ({@link PartStream}); when that worker fails before
   * the last part, only the invocations not yet answered go to another, and so on within the
   * attempts. The worker is asked for a heartbeat every third of the invoke timeout, which bounds
   * its silence, not the handlers' time.
   */
  @Override
  public void invokeParts(InvocationBatch batch, Parts parts) {
    Outstanding outstanding =
        new Outstanding(
            batch.toBuilder()
                .setHeartbeatMillis(Math.max(1, options.invokeTimeout().toMillis() / 3))
                .build(),
            parts::part);
    Set<String> failed = ConcurrentHashMap.newKeySet();
    Retry.decorateCompletionStage(retry, scheduler, () -> attemptParts(outstanding, failed))
        .get()
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                parts.failed(error);
              }
            });
  }

  private CompletableFuture<Void> attemptParts(Outstanding outstanding, Set<String> failed) {
    Peers.Peer peer = choose(failed);
    if (peer == null) {
      return noWorker();
    }
    Outstanding.Attempt attempt = outstanding.next();
    return onWorker(
        peer,
        failed,
        channel -> {
          PartStream stream =
              new PartStream(attempt::deliver, options.invokeTimeout().toMillis(), scheduler);
          FunctionRuntimeGrpc.newStub(channel).invokeStream(attempt.request(), stream);
          return stream.done();
        });
  }

  @Override
  public CompletableFuture<InvocationBatchResult> invoke(InvocationBatch batch) {
    Set<String> failed = ConcurrentHashMap.newKeySet();
    return Retry.decorateCompletionStage(retry, scheduler, () -> attempt(batch, failed))
        .get()
        .toCompletableFuture();
  }

  private CompletableFuture<InvocationBatchResult> attempt(
      InvocationBatch batch, Set<String> failed) {
    Peers.Peer peer = choose(failed);
    if (peer == null) {
      return noWorker();
    }
    return onWorker(
        peer,
        failed,
        channel ->
            Unary.<InvocationBatchResult>call(
                out ->
                    FunctionRuntimeGrpc.newStub(channel)
                        .withDeadlineAfter(
                            options.invokeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .invoke(batch, out)));
  }

  private static <T> CompletableFuture<T> noWorker() {
    return CompletableFuture.failedFuture(
        new DispatcherException(Code.UNAVAILABLE, "no worker is live"));
  }

  /**
   * Runs {@code call} on {@code peer}. A failure marks the worker as failed for this batch, so the
   * retry prefers another, and says which worker it was.
   */
  private static <T> CompletableFuture<T> onWorker(
      Peers.Peer peer, Set<String> failed, Function<ManagedChannel, CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    peer.call(call)
        .whenComplete(
            (value, error) -> {
              if (error == null) {
                result.complete(value);
              } else {
                failed.add(peer.endpoint);
                result.completeExceptionally(
                    new DispatcherException(
                        Code.UNAVAILABLE,
                        "worker "
                            + peer.endpoint
                            + " failed the batch: "
                            + IngressCodec.unwrap(error),
                        error));
              }
            });
    return result;
  }

  /**
   * The least busy live worker, preferring ones this batch has not failed at (see {@link
   * Peers#leastBusy}).
   */
  private Peers.Peer choose(Set<String> failed) {
    return peers.leastBusy(
        directory.get().workers().values().stream().map(Member::endpoint).toList(), failed);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    peers.close();
  }
}
