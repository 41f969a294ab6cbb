package io.eventide.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * Undertow's patterns for finishing an exchange later or elsewhere, in one place so every handler
 * follows them: read bodies without blocking under a size limit ({@link BodyReader}), answer async
 * results from their completion after dispatching with {@link SameThreadExecutor} (so the exchange
 * stays open when the handler returns), and run blocking work on the server's worker pool. Every
 * path ends the exchange, with {@link Errors} answering failures.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; each exchange is touched by one thread at a time along the chain it sets up.
 */
final class Exchanges {
  private Exchanges() {}

  /** Something that answers an exchange and may fail. */
  @FunctionalInterface
  interface Step<T> {
    void run(HttpServerExchange exchange, T value) throws Exception;
  }

  /** Something to run on a worker thread for an exchange. */
  @FunctionalInterface
  interface Work {
    void run(HttpServerExchange exchange) throws Exception;
  }

  /**
   * Reads the whole body without blocking, at most {@code maxBytes} (413 beyond, checked against
   * Content-Length up front and while reading; 408 when it stalls), then runs {@code next} with it
   * on the I/O thread. CPU-heavy steps dispatch themselves with {@link #blocking}.
   */
  static void receive(HttpServerExchange exchange, int maxBytes, Step<byte[]> next) {
    BodyReader.read(exchange, maxBytes, next);
  }

  /** Answers with {@code next} once {@code future} succeeds, or with its failure. */
  static <T> void whenDone(HttpServerExchange exchange, CompletableFuture<T> future, Step<T> next) {
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            future.whenComplete(
                (value, failure) -> {
                  if (failure != null) {
                    Errors.send(exchange, failure);
                  } else {
                    run(exchange, next, value);
                  }
                }));
  }

  /** Runs blocking {@code work} on the server's worker pool, never on an I/O thread. */
  static void blocking(HttpServerExchange exchange, Work work) {
    exchange.dispatch(
        () -> {
          try {
            work.run(exchange);
          } catch (Exception | LinkageError e) {
            Errors.send(exchange, e);
          }
        });
  }

  /** Runs {@code step}, answering its failure. */
  static <T> void run(HttpServerExchange exchange, Step<T> step, T value) {
    try {
      step.run(exchange, value);
    } catch (Exception | LinkageError e) {
      Errors.send(exchange, e);
    }
  }
}
