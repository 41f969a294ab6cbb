package io.eventide.deploy.client;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How {@code eventide ingest} retries a request: on 429 (the node's backlog is full), 502, 503 and
 * 504, and on connection errors, with exponential backoff and jitter, waiting at least what a
 * {@code Retry-After} asks. A request that still fails after {@code attempts} tries answers with
 * its last answer (or throws its last connection error).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class IngestRetry {
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Retry retry;

  IngestRetry(int attempts) {
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(FIRST_BACKOFF, 2.0, 0.5, MAX_BACKOFF);
    RetryConfig config =
        RetryConfig.<HttpAnswer>custom()
            .maxAttempts(attempts)
            .retryOnResult(IngestRetry::retryable)
            .retryExceptions(UncheckedIOException.class)
            .intervalBiFunction(
                (Integer attempt, Either<Throwable, HttpAnswer> outcome) ->
                    Math.max(
                        backoff.apply(attempt),
                        outcome.isRight() ? retryAfterMillis(outcome.get()) : 0))
            .build();
    this.retry = Retry.of("ingest", config);
  }

  static boolean retryable(HttpAnswer answer) {
    int status = answer.status();
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** Runs {@code request}, again while it fails in a way worth retrying. */
  HttpAnswer run(Supplier<HttpAnswer> request) {
    return Retry.decorateSupplier(retry, request).get();
  }

  /** {@code Retry-After} in milliseconds; 0 when absent or not a number of seconds. */
  static long retryAfterMillis(HttpAnswer answer) {
    try {
      return answer.retryAfter().isBlank()
          ? 0
          : Math.min(
              Duration.ofMinutes(5).toMillis(), Long.parseLong(answer.retryAfter().trim()) * 1000);
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: the backoff decides
    }
  }
}
