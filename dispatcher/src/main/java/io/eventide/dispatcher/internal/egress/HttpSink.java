package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.api.EgressSpec;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The {@code http} sink: one {@code POST} per record, with {@code Content-Type}, {@code
 * Idempotency-Key} (the record id, the same on every attempt), {@code X-Event-Time}, {@code
 * X-Eventide-Key} when the record has a key, and the configured headers. A 2xx delivers; 408, 429,
 * 5xx, timeouts and connection errors are retried with exponential backoff and jitter; any other
 * answer (3xx, other 4xx) rejects the record for good, with the status, to {@code dead-letters}.
 *
 * <p>Records of different senders are posted concurrently, each sender's in order ({@link
 * SenderLanes}). Retries run inside a circuit breaker of this sink: while the endpoint keeps
 * failing the breaker is open, {@link #deliver} fails fast, and the deliverer backs off. When a
 * record still fails after its retries, the records before it count as delivered and it is tried
 * again first at the next delivery.
 *
 * <h2>Thread safety</h2>
 *
 * Driven by one deliverer thread; the retry and the breaker are shared by the lanes, and are
 * thread-safe.
 */
final class HttpSink implements Sink {
  /** The most bytes of a refusing answer's body kept in its dead letter. */
  static final int MAX_ERROR_BODY_CHARS = 512;

  private final EgressSpec spec;
  private final URI url;
  private final HttpClient client;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final SenderLanes lanes;
  private volatile String lastFailure = "none";

  HttpSink(EgressSpec spec, Options options) {
    this.spec = spec;
    this.url = URI.create(spec.url());
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(spec.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.retry =
        Retry.of(
            "egress-" + spec.name(),
            RetryConfig.custom()
                .maxAttempts(options.attempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        options.initialBackoff(), 2.0, 0.5, options.maxBackoff()))
                .retryExceptions(Retryable.class)
                .build());
    this.lanes = new SenderLanes(spec.name(), options.lanes());
    this.breaker =
        CircuitBreaker.of(
            "egress-" + spec.name(),
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(options.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(Retryable.class)
                .build());
  }

  /**
   * Retries per record, their backoff, how long the breaker stays open, and how many senders'
   * records are posted at once.
   */
  record Options(
      int attempts, Duration initialBackoff, Duration maxBackoff, Duration openFor, int lanes) {
    static final Options DEFAULTS =
        new Options(5, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5), 8);
  }

  @Override
  public long resume(Position stored) {
    return stored.offset(); // the endpoint dedups by Idempotency-Key: sending again is safe
  }

  @Override
  public Delivered deliver(List<OutboxRecord> records) throws Exception {
    return lanes.send(
        records,
        record -> {
          Answer answer;
          try {
            answer =
                Retry.decorateSupplier(
                        retry, CircuitBreaker.decorateSupplier(breaker, () -> post(record)))
                    .get();
          } catch (CallNotPermittedException e) {
            throw new Retryable(
                "circuit breaker open after repeated failures; the last: " + lastFailure, e);
          }
          return answer.status() >= 200 && answer.status() <= 299 ? null : answer.refusal(url);
        });
  }

  /** Posts one record; returns a final answer, or throws {@link Retryable}. */
  private Answer post(OutboxRecord record) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(spec.timeout())
            .header("Content-Type", contentType(record))
            .header("Idempotency-Key", record.recordId())
            .header("X-Event-Time", Long.toString(record.eventTime()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(record.payload()));
    if (record.key() != null) {
      request.header("X-Eventide-Key", record.key());
    }
    spec.headers().forEach(request::header);
    try {
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      String start = "";
      try (InputStream body = response.body()) {
        if (status < 200 || status > 299) {
          // Only the start is kept: an endpoint's answer is not ours to hold whole in memory.
          start = new String(body.readNBytes(MAX_ERROR_BODY_CHARS), StandardCharsets.UTF_8);
        }
      }
      if (status == 408 || status == 429 || status >= 500) {
        throw retryable("POST " + url + " answered " + status, null);
      }
      return new Answer(status, start);
    } catch (IOException e) {
      throw retryable("POST " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Retryable("interrupted while posting to " + url, e);
    }
  }

  /** A failure to retry, kept as the last one for when the breaker opens. */
  private Retryable retryable(String message, Throwable cause) {
    lastFailure = message;
    return new Retryable(message, cause);
  }

  /** A final answer of the endpoint. */
  private record Answer(int status, String body) {
    /** The error a refused record goes to dead-letters with: the status and the answer's start. */
    String refusal(URI url) {
      return "HTTP " + status + " from POST " + url + (body.isEmpty() ? "" : ": " + body);
    }
  }

  private static String contentType(OutboxRecord record) {
    String type = record.contentType();
    return type == null || type.isEmpty() ? "application/octet-stream" : type;
  }

  @Override
  public void close() {
    lanes.close();
    // The JDK client of Java 17 has no close: its threads end once it is unreachable.
  }

  /** A failure worth trying again: 408, 429, 5xx, a timeout or a connection error. */
  static final class Retryable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Retryable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
