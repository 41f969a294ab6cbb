package io.eventide.store.remote;

import io.eventide.protocol.StateStoreGrpc;
import io.eventide.protocol.StoreAck;
import io.eventide.protocol.StoreApplyRequest;
import io.eventide.protocol.StoreBeginReply;
import io.eventide.protocol.StoreBeginRequest;
import io.eventide.protocol.StoreCommitReply;
import io.eventide.protocol.StoreCommitRequest;
import io.eventide.protocol.StoreGetRangeRequest;
import io.eventide.protocol.StoreGetRangesReply;
import io.eventide.protocol.StoreGetRangesRequest;
import io.eventide.protocol.StoreGetRequest;
import io.eventide.protocol.StoreOp;
import io.eventide.protocol.StoreRangeEntries;
import io.eventide.protocol.StoreReleaseRequest;
import io.eventide.store.KeyValue;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's calls to a state-service, each with its deadline, each failure turned into a {@link
 * StoreException}: the server's own, or for a transport failure {@code COMMIT_UNKNOWN} (commit) or
 * {@code UNAVAILABLE} (anything else). Owns the channel. A circuit breaker per peer (Resilience4j)
 * refuses calls at once while the state-service keeps failing, so callers fail fast instead of each
 * waiting out a deadline; retries, with backoff and jitter, are the {@code TransactionRunner}'s,
 * over whole transactions.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Blocking calls block their caller; async completions run on gRPC's executor.
 */
final class RemoteCalls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteCalls.class);

  private final ManagedChannel channel;
  private final String target;
  private final RemoteStoreOptions options;
  private final StateStoreGrpc.StateStoreBlockingStub blocking;
  private final StateStoreGrpc.StateStoreStub async;
  private final CircuitBreaker breaker;
  private volatile boolean closed;

  RemoteCalls(String host, int port, RemoteStoreOptions options) {
    this.target = "state-service " + host + ":" + port;
    this.options = options;
    this.channel =
        Grpc.newChannelBuilderForAddress(host, port, options.credentials())
            .maxInboundMessageSize(WireLimits.MAX_MESSAGE_BYTES)
            .build();
    this.blocking = StateStoreGrpc.newBlockingStub(channel);
    this.async = StateStoreGrpc.newStub(channel);
    this.breaker =
        CircuitBreaker.of(
            target,
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(options.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
  }

  /** The breaker's state, for tests and metrics. */
  CircuitBreaker.State circuit() {
    return breaker.getState();
  }

  StoreBeginReply begin() {
    return blocking("Begin", stub -> stub.begin(StoreBeginRequest.getDefaultInstance()));
  }

  byte[] get(StoreGetRequest request) {
    var reply = blocking("Get", stub -> stub.get(request));
    return reply.hasValue() ? reply.getValue().toByteArray() : null;
  }

  List<KeyValue> getRange(StoreGetRangeRequest request) {
    return blocking(
        "GetRange",
        stub -> {
          List<KeyValue> entries = new ArrayList<>();
          stub.getRange(request)
              .forEachRemaining(
                  page ->
                      page.getEntriesList()
                          .forEach(
                              e ->
                                  entries.add(
                                      new KeyValue(
                                          e.getKey().toByteArray(), e.getValue().toByteArray()))));
          return entries;
        });
  }

  /**
   * Whole ranges, a prefix of those asked for (see {@code Session.getRanges}); {@code begun} hears
   * of the session the server began for a request of session 0.
   */
  List<List<KeyValue>> getRanges(
      StoreGetRangesRequest request, java.util.function.Consumer<StoreGetRangesReply> begun) {
    return blocking(
        "GetRanges",
        stub -> {
          List<List<KeyValue>> ranges = new ArrayList<>();
          StoreGetRangesReply reply = stub.getRanges(request);
          if (request.getSession() == 0) {
            begun.accept(reply);
          }
          for (StoreRangeEntries range : reply.getRangesList()) {
            List<KeyValue> entries = new ArrayList<>(range.getEntriesCount());
            range
                .getEntriesList()
                .forEach(
                    e ->
                        entries.add(
                            new KeyValue(e.getKey().toByteArray(), e.getValue().toByteArray())));
            ranges.add(entries);
          }
          return ranges;
        });
  }

  void apply(long session, List<StoreOp> ops) {
    blocking("Apply", stub -> stub.apply(applyRequest(session, ops)));
  }

  /**
   * Sends every batch but the last with Apply, then the last with Commit. A failure before the
   * commit call is {@code UNAVAILABLE}: nothing was committed.
   */
  CompletableFuture<StoreCommitReply> commitAsync(long session, List<List<StoreOp>> batches) {
    CompletableFuture<?> applied = CompletableFuture.completedFuture(null);
    for (List<StoreOp> batch : batches.subList(0, batches.size() - 1)) {
      applied =
          applied.thenCompose(
              ignored ->
                  this.<StoreAck>unary(
                      "Apply",
                      options.callTimeout(),
                      Code.UNAVAILABLE,
                      (stub, out) -> stub.apply(applyRequest(session, batch), out)));
    }
    StoreCommitRequest commit =
        StoreCommitRequest.newBuilder()
            .setSession(session)
            .addAllOps(batches.get(batches.size() - 1))
            .build();
    return applied.thenCompose(
        ignored ->
            unary(
                "Commit",
                options.commitTimeout(),
                Code.COMMIT_UNKNOWN,
                (stub, out) -> stub.commit(commit, out)));
  }

  /** Abandons the session; if this does not reach the server, its expiry releases the session. */
  void releaseAsync(long session) {
    if (closed) {
      return;
    }
    StoreReleaseRequest request = StoreReleaseRequest.newBuilder().setSession(session).build();
    this.<StoreAck>unary(
            "Release",
            options.callTimeout(),
            Code.UNAVAILABLE,
            (stub, out) -> stub.release(request, out))
        .exceptionally(
            e -> {
              log.debug(
                  "releasing transaction {} failed; the server expires it",
                  Long.toHexString(session),
                  e);
              return null;
            });
  }

  /** Fails with {@code UNAVAILABLE} once the store is closed. */
  void ensureOpen() {
    if (closed) {
      throw new StoreException(Code.UNAVAILABLE, "remote store for " + target + " is closed");
    }
  }

  /** Lets calls in flight finish for up to the commit deadline, then cancels them. */
  @Override
  public void close() {
    closed = true;
    channel.shutdown();
    try {
      if (!channel.awaitTermination(options.commitTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
  }

  private <T> T blocking(String call, Function<StateStoreGrpc.StateStoreBlockingStub, T> body) {
    ensureOpen();
    acquire(call);
    long started = System.nanoTime();
    Context previous = Context.ROOT.attach(); // as in unary: never the caller's cancellation
    try {
      T reply =
          body.apply(
              blocking.withDeadlineAfter(options.callTimeout().toNanos(), TimeUnit.NANOSECONDS));
      breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      return reply;
    } catch (StatusRuntimeException e) {
      StoreException failure = StoreStatus.fromCall(e, Code.UNAVAILABLE, call + " on " + target);
      record(failure, started);
      throw failure;
    } finally {
      Context.ROOT.detach(previous);
    }
  }

  private void acquire(String call) {
    if (!breaker.tryAcquirePermission()) {
      throw new StoreException(
          Code.UNAVAILABLE,
          call
              + " on "
              + target
              + " refused: it failed "
              + Math.round(breaker.getMetrics().getFailureRate())
              + "% of the last calls; trying again after "
              + options.openFor());
    }
  }

  /**
   * Only the peer's own trouble counts against it: an answer such as CONFLICT or FENCED is a
   * healthy server's verdict on the transaction.
   */
  private void record(StoreException failure, long startedNanos) {
    long elapsed = System.nanoTime() - startedNanos;
    if (failure.code() == Code.UNAVAILABLE || failure.code() == Code.COMMIT_UNKNOWN) {
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
    } else {
      breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
    }
  }

  private <T> CompletableFuture<T> unary(
      String call,
      Duration deadline,
      Code transportCode,
      BiConsumer<StateStoreGrpc.StateStoreStub, StreamObserver<T>> start) {
    CompletableFuture<T> result = new CompletableFuture<>();
    String what = call + " on " + target;
    try {
      acquire(call);
    } catch (StoreException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    long started = System.nanoTime();
    // Outside the caller's gRPC context: a dispatcher commits while serving a gateway's request,
    // and gRPC cancels every call started in a request's context when that request completes. A
    // commit cancelled mid-flight has an unknown outcome; that made clients apply batches twice.
    Context previous = Context.ROOT.attach();
    try {
      start.accept(
          async.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS),
          new UnaryObserver<>(
              result, failure -> StoreStatus.fromCall(failure, transportCode, what)));
    } catch (RuntimeException e) {
      result.completeExceptionally(StoreStatus.fromCall(e, transportCode, what));
    } finally {
      Context.ROOT.detach(previous);
    }
    return result.whenComplete(
        (reply, failure) -> {
          if (failure == null) {
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          } else {
            StoreException known = StoreException.unwrap(failure);
            record(
                known != null
                    ? known
                    : new StoreException(transportCode, what + ": " + failure, failure),
                started);
          }
        });
  }

  private static StoreApplyRequest applyRequest(long session, List<StoreOp> ops) {
    return StoreApplyRequest.newBuilder().setSession(session).addAllOps(ops).build();
  }

  /** Completes a future with the one reply of a unary call. */
  private static final class UnaryObserver<T> implements StreamObserver<T> {
    private final CompletableFuture<T> result;
    private final Function<Throwable, StoreException> translate;
    private T reply;

    UnaryObserver(CompletableFuture<T> result, Function<Throwable, StoreException> translate) {
      this.result = result;
      this.translate = translate;
    }

    @Override
    public void onNext(T value) {
      reply = value;
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(translate.apply(t));
    }

    @Override
    public void onCompleted() {
      result.complete(reply);
    }
  }
}
