package io.eventide.gateway;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSourceChannel;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * Undertow's patterns for finishing an exchange later or elsewhere, in one place so every handler
 * follows them: read bodies with the non-blocking receiver under a size limit, answer async results
 * from their completion after dispatching with {@link SameThreadExecutor} (so the exchange stays
 * open when the handler returns), and run blocking work on the server's worker pool. Every path
 * ends the exchange, with {@link Errors} answering failures.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; each exchange is touched by one thread at a time along the chain it sets up.
 */
final class Exchanges {
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final long STALL_SECONDS = 30;

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
   * Reads the whole body, at most {@code maxBytes} (413 beyond, checked against Content-Length up
   * front and while reading), then runs {@code next} with it.
   */
  static void receive(HttpServerExchange exchange, int maxBytes, Step<byte[]> next) {
    var receiver = exchange.getRequestReceiver();
    receiver.setMaxBufferSize(maxBytes);
    receiver.receiveFullBytes(
        (ex, body) -> run(ex, next, body), (ex, failure) -> Errors.send(ex, failure));
  }

  /**
   * Reads the whole body on a worker thread with blocking reads into one array presized from
   * Content-Length, at most {@code maxBytes} (413 beyond), then runs {@code next} there. For bulk
   * bodies: {@link #receive} goes through Undertow's full-body receiver, which copies one byte at a
   * time into a synchronized stream, as costly for a 700 KB NDJSON batch as parsing it.
   */
  static void receiveBlocking(HttpServerExchange exchange, int maxBytes, Step<byte[]> next) {
    long declared = exchange.getRequestContentLength();
    if (declared > maxBytes) {
      Errors.send(exchange, new Receiver.RequestToLargeException());
      return;
    }
    blocking(
        exchange,
        ex -> {
          // The channel, not startBlocking(): the answer must stay asynchronous, as it is written
          // from whichever thread completes the ingestion.
          StreamSourceChannel channel = ex.getRequestChannel();
          BodyBuffer body = new BodyBuffer(declared, maxBytes);
          ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
          while (true) {
            int n = Channels.readBlocking(channel, chunk, STALL_SECONDS, TimeUnit.SECONDS);
            if (n < 0) {
              break;
            } else if (n == 0) {
              throw new ApiException(408, "TIMEOUT", "the request body stalled");
            } else if (!body.append(chunk.array(), n)) {
              throw new Receiver.RequestToLargeException();
            }
            chunk.clear();
          }
          next.run(ex, body.bytes());
        });
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

  private static <T> void run(HttpServerExchange exchange, Step<T> step, T value) {
    try {
      step.run(exchange, value);
    } catch (Exception | LinkageError e) {
      Errors.send(exchange, e);
    }
  }
}
