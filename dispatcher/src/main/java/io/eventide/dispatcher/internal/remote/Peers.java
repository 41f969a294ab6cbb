package io.eventide.dispatcher.internal.remote;

import io.eventide.dispatcher.api.RemoteOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The gRPC peers one process calls (dispatchers or workers), by endpoint: a channel, a circuit
 * breaker and an in-flight count each. Peers leave when the directory no longer lists them.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Peers implements AutoCloseable {
  /** Invocation batches carry state; a dispatcher's replies carry bodies. */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  /** One peer. */
  public static final class Peer {
    public final String endpoint;
    final ManagedChannel channel;
    final CircuitBreaker breaker;
    public final AtomicInteger inFlight = new AtomicInteger();

    private Peer(String endpoint, ManagedChannel channel, CircuitBreaker breaker) {
      this.endpoint = endpoint;
      this.channel = channel;
      this.breaker = breaker;
    }

    /** Runs {@code call} through this peer's breaker, counting it in flight while it runs. */
    public <T> CompletableFuture<T> call(Function<ManagedChannel, CompletableFuture<T>> call) {
      inFlight.incrementAndGet();
      CompletionStage<T> stage;
      try {
        // Outside the caller's gRPC context: a call started while serving another request would
        // otherwise be cancelled when that request completes (gRPC propagates cancellation).
        Context previous = Context.ROOT.attach();
        try {
          stage = CircuitBreaker.decorateCompletionStage(breaker, () -> call.apply(channel)).get();
        } finally {
          Context.ROOT.detach(previous);
        }
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      return stage.toCompletableFuture().whenComplete((v, e) -> inFlight.decrementAndGet());
    }

    /** False while the breaker keeps calls away. */
    public boolean available() {
      return breaker.getState() != CircuitBreaker.State.OPEN
          && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }
  }

  private final String kind;
  private final CircuitBreakerConfig breakerConfig;
  private final ChannelCredentials credentials;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** {@code kind} names the peers in breaker names and errors ("dispatcher", "worker"). */
  public Peers(String kind, RemoteOptions options) {
    this.kind = kind;
    this.credentials = options.credentials();
    this.breakerConfig =
        CircuitBreakerConfig.custom()
            .slidingWindowSize(10)
            .minimumNumberOfCalls(3)
            .failureRateThreshold(50)
            .waitDurationInOpenState(options.breakerOpenFor())
            .permittedNumberOfCallsInHalfOpenState(3)
            // A trial call that never ends must not keep every other call away for good.
            .maxWaitDurationInHalfOpenState(options.requestTimeout())
            // Only the peer's health counts: an answer it gave ("not owner", "overloaded", a call's
            // own timeout) is the peer working, however unwelcome the answer.
            .recordException(Peers::isPeerFailure)
            .build();
  }

  /** A failure of the peer or of the way to it, not an answer the peer gave. */
  public static boolean isPeerFailure(Throwable error) {
    Throwable cause = IngressCodec.unwrap(error);
    if (cause instanceof io.grpc.StatusRuntimeException s) {
      return s.getTrailers() == null || !s.getTrailers().containsKey(IngressCodec.ERROR);
    }
    return !(cause instanceof io.eventide.dispatcher.api.DispatcherException);
  }

  /** The peer at {@code endpoint} ({@code host:port}), connecting lazily. */
  public Peer get(String endpoint) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    return peers.computeIfAbsent(endpoint, this::connect);
  }

  private Peer connect(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(kind + " endpoint '" + endpoint + "' is not host:port");
    }
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                endpoint.substring(0, colon),
                Integer.parseInt(endpoint.substring(colon + 1)),
                credentials)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .build();
    return new Peer(endpoint, channel, CircuitBreaker.of(kind + " " + endpoint, breakerConfig));
  }

  /**
   * The least busy peer among {@code endpoints} whose circuit is closed, preferring ones not in
   * {@code failed} (those a request failed at already); ties are broken at random so idle peers
   * share the load. Null when every circuit is open or there is no endpoint.
   */
  public Peer leastBusy(Collection<String> endpoints, Set<String> failed) {
    List<Peer> candidates = endpoints.stream().map(this::get).filter(Peer::available).toList();
    List<Peer> fresh = candidates.stream().filter(p -> !failed.contains(p.endpoint)).toList();
    List<Peer> pool = fresh.isEmpty() ? candidates : fresh;
    if (pool.isEmpty()) {
      return null;
    }
    int offset = ThreadLocalRandom.current().nextInt(pool.size());
    Comparator<Peer> busy = Comparator.comparingInt(p -> p.inFlight.get());
    Peer best = null;
    for (int i = 0; i < pool.size(); i++) {
      Peer p = pool.get((offset + i) % pool.size());
      if (best == null || busy.compare(p, best) < 0) {
        best = p;
      }
    }
    return best;
  }

  /** Drops (and disconnects) every peer not in {@code live}. */
  public void retain(Set<String> live) {
    peers
        .entrySet()
        .removeIf(
            e -> {
              if (live.contains(e.getKey())) {
                return false;
              }
              e.getValue().channel.shutdown();
              return true;
            });
  }

  /**
   * {@link #retain}s {@code live} and has a connection made to each now, so that the first call to
   * one (a hand-over, when a member leaves) does not pay for connecting.
   */
  public void keepConnected(Set<String> live) {
    retain(live);
    if (!closed) {
      live.forEach(endpoint -> get(endpoint).channel.getState(true));
    }
  }

  Collection<Peer> all() {
    return peers.values();
  }

  @Override
  public void close() {
    closed = true;
    for (Peer peer : peers.values()) {
      peer.channel.shutdownNow();
    }
    for (Peer peer : peers.values()) {
      try {
        peer.channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    peers.clear();
  }
}
