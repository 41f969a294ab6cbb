package io.eventide.gateway;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission control: at most {@code max} requests in progress; the next one is refused at once with
 * 429 and {@code Retry-After} instead of being queued. Undertow's {@code RequestLimit} queues
 * excess requests (unbounded with queue size 0) and cannot answer 429 without queueing, so the
 * gateway keeps this small counter instead.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: one atomic counter, released by each admitted exchange's completion listener.
 */
final class Admission {
  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ExchangeCompletionListener release =
      (exchange, next) -> {
        inFlight.decrementAndGet();
        next.proceed();
      };

  Admission(int max) {
    this.max = max;
  }

  /** Admits {@code exchange} (released when it completes) or throws a 429 {@link ApiException}. */
  void enter(HttpServerExchange exchange) {
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      throw new ApiException(429, "OVERLOADED", "too many requests in progress; retry later");
    }
    exchange.addExchangeCompleteListener(release);
  }

  int inFlight() {
    return inFlight.get();
  }
}
