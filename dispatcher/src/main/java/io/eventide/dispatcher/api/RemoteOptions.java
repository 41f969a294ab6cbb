package io.eventide.dispatcher.api;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Timeouts and resilience settings of the calls between a cluster's roles (gateway to dispatcher,
 * dispatcher to worker). Each attempt is bounded by a gRPC deadline; failed attempts are retried
 * with exponential backoff and full jitter; each peer has a circuit breaker of its own.
 *
 * <pre>{@code
 * RemoteOptions options = RemoteOptions.defaults().withRequestTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * @param requestTimeout deadline of one send, ingest, watermark or status call to a dispatcher (a
 *     call's deadline is its own timeout plus this)
 * @param invokeTimeout deadline of one invocation batch at one worker; a slow worker costs this
 *     much before the batch is retried on another
 * @param attempts attempts per request or batch, the first included
 * @param backoff the first retry's mean backoff; doubled per attempt, with jitter
 * @param maxBackoff the longest backoff
 * @param breakerOpenFor how long a peer's open circuit keeps calls away from it
 * @param refreshInterval how often the cluster directory is read from the store
 * @param credentials how peers are dialled: plaintext by default, mutual TLS with {@code
 *     io.eventide.tls.InternalTls#channelCredentials}
 */
public record RemoteOptions(
    Duration requestTimeout,
    Duration invokeTimeout,
    int attempts,
    Duration backoff,
    Duration maxBackoff,
    Duration breakerOpenFor,
    Duration refreshInterval,
    ChannelCredentials credentials) {
  public RemoteOptions {
    Objects.requireNonNull(credentials, "credentials");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
    for (Duration d :
        new Duration[] {
          requestTimeout, invokeTimeout, backoff, maxBackoff, breakerOpenFor, refreshInterval
        }) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every duration must be positive: " + d);
      }
    }
  }

  /** Plaintext options. */
  public RemoteOptions(
      Duration requestTimeout,
      Duration invokeTimeout,
      int attempts,
      Duration backoff,
      Duration maxBackoff,
      Duration breakerOpenFor,
      Duration refreshInterval) {
    this(
        requestTimeout,
        invokeTimeout,
        attempts,
        backoff,
        maxBackoff,
        breakerOpenFor,
        refreshInterval,
        InsecureChannelCredentials.create());
  }

  public static RemoteOptions defaults() {
    return new RemoteOptions(
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        4,
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1));
  }

  public RemoteOptions withRequestTimeout(Duration value) {
    return new RemoteOptions(
        value,
        invokeTimeout,
        attempts,
        backoff,
        maxBackoff,
        breakerOpenFor,
        refreshInterval,
        credentials);
  }

  public RemoteOptions withInvokeTimeout(Duration value) {
    return new RemoteOptions(
        requestTimeout,
        value,
        attempts,
        backoff,
        maxBackoff,
        breakerOpenFor,
        refreshInterval,
        credentials);
  }

  public RemoteOptions withAttempts(int value) {
    return new RemoteOptions(
        requestTimeout,
        invokeTimeout,
        value,
        backoff,
        maxBackoff,
        breakerOpenFor,
        refreshInterval,
        credentials);
  }

  public RemoteOptions withBreakerOpenFor(Duration value) {
    return new RemoteOptions(
        requestTimeout,
        invokeTimeout,
        attempts,
        backoff,
        maxBackoff,
        value,
        refreshInterval,
        credentials);
  }

  public RemoteOptions withRefreshInterval(Duration value) {
    return new RemoteOptions(
        requestTimeout,
        invokeTimeout,
        attempts,
        backoff,
        maxBackoff,
        breakerOpenFor,
        value,
        credentials);
  }

  public RemoteOptions withCredentials(ChannelCredentials value) {
    return new RemoteOptions(
        requestTimeout,
        invokeTimeout,
        attempts,
        backoff,
        maxBackoff,
        breakerOpenFor,
        refreshInterval,
        value);
  }

  /**
   * A retry of these attempts with exponential backoff (doubling, half jitter) from {@code backoff}
   * up to {@code maxBackoff}, for failures that {@code retryOn} accepts; after the last attempt the
   * last failure is the result.
   */
  public Retry retry(String name, Predicate<Throwable> retryOn) {
    return retry(name, retryOn, e -> false);
  }

  /**
   * {@link #retry(String, Predicate)}, but a failure {@code atOnce} accepts is retried without
   * waiting: one after which the next attempt goes elsewhere (another peer), where a backoff would
   * only delay the caller.
   */
  public Retry retry(String name, Predicate<Throwable> retryOn, Predicate<Throwable> atOnce) {
    IntervalFunction backoffs =
        IntervalFunction.ofExponentialRandomBackoff(backoff, 2.0, 0.5, maxBackoff);
    return Retry.of(
        name,
        RetryConfig.custom()
            .maxAttempts(attempts)
            .intervalBiFunction(
                (attempt, outcome) ->
                    outcome.isLeft() && atOnce.test(outcome.getLeft())
                        ? 0L
                        : backoffs.apply(attempt))
            .retryOnException(retryOn)
            .failAfterMaxAttempts(false)
            .build());
  }
}
