package io.eventide.gateway;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.Receiver;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a whole request body without blocking any thread, under a size limit (413) and two time
 * bounds (408): no gap without a byte longer than {@link ServerOptions#BODY_STALL_MILLIS}, and,
 * past that much time, an average of at least {@link #MIN_BYTES_PER_SECOND} (Apache's {@code
 * mod_reqtimeout} default), so that a byte every few seconds cannot hold a request open for ever. A
 * blocking read would hold a worker thread as long as a slow client likes, and a handful of slow
 * clients would hold the whole pool; here a waiting body costs a listener and one timer.
 *
 * <p>What is left of a body refused part way is drained within the same bound ({@link
 * #boundDrain}); a stalled one closes the connection after its 408.
 *
 * <h2>Thread safety</h2>
 *
 * Started by a handler on the exchange's I/O thread; its read listener and its timer run on that
 * same thread afterwards, so its fields need no synchronization.
 */
final class BodyReader implements ChannelListener<StreamSourceChannel>, Runnable {
  static final int MIN_BYTES_PER_SECOND = 500;
  private static final long NANOS_PER_BYTE = TimeUnit.SECONDS.toNanos(1) / MIN_BYTES_PER_SECOND;

  private final HttpServerExchange exchange;
  private final StreamSourceChannel channel;
  private final BodyBuffer body;
  private final Exchanges.Step<byte[]> next;
  private final long stallNanos;
  private final long started = System.nanoTime();
  private long lastProgress = started;
  private XnioExecutor.Key timer;
  private boolean done;

  private BodyReader(
      HttpServerExchange exchange, int maxBytes, long stallMillis, Exchanges.Step<byte[]> next) {
    this.exchange = exchange;
    this.channel = exchange.getRequestChannel();
    this.body = new BodyBuffer(exchange.getRequestContentLength(), maxBytes);
    this.next = next;
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
  }

  /**
   * Reads the body of {@code exchange}, at most {@code maxBytes} (413 beyond, checked against
   * Content-Length up front and while reading), then runs {@code next} with it on the I/O thread.
   */
  static void read(HttpServerExchange exchange, int maxBytes, Exchanges.Step<byte[]> next) {
    // The server's small default is for bodies nobody reads; this endpoint's limit comes first.
    exchange.setMaxEntitySize((long) maxBytes + ServerOptions.UNREAD_BODY_BYTES);
    if (exchange.getRequestContentLength() > maxBytes) {
      Errors.send(exchange, new Receiver.RequestToLargeException());
      return;
    }
    if (exchange.isRequestComplete()) {
      Exchanges.run(exchange, next, new byte[0]);
      return;
    }
    new BodyReader(exchange, maxBytes, stallMillis(exchange), next).readAvailable(true);
  }

  /**
   * Bounds what is left of the body of a request answered before it was read through. Undertow
   * drains it after the answer, so that a client still sending reads its answer instead of a
   * connection reset; a drain that lasts longer than the stall bound (a body that never ends, or
   * stalls) is cut by closing the connection.
   */
  static void boundDrain(HttpServerExchange exchange) {
    XnioExecutor.Key cut =
        exchange
            .getIoThread()
            .executeAfter(
                () -> {
                  if (!exchange.isRequestComplete()) {
                    IoUtils.safeClose(exchange.getConnection());
                  }
                },
                stallMillis(exchange),
                TimeUnit.MILLISECONDS);
    // Gone with the exchange: the timer holds the exchange, and a flood of refusals kept each for
    // the whole bound (170,000 exchanges, 600 MB and full GCs of 0.7 s at 10,000 refusals a
    // second, which stalled every other client too).
    exchange.addExchangeCompleteListener(
        (done, nextListener) -> {
          cut.remove();
          nextListener.proceed();
        });
  }

  private static int stallMillis(HttpServerExchange exchange) {
    return exchange
        .getConnection()
        .getUndertowOptions()
        .get(
            ServerOptions.BODY_STALL_MILLIS,
            (int) GatewayConfig.Connections.DEFAULTS.readTimeout().toMillis());
  }

  /** Called by the channel when more of the body can be read. */
  @Override
  public void handleEvent(StreamSourceChannel ignored) {
    readAvailable(false);
  }

  /** Called by the timer: fails the request once it stalled or fell behind the minimum rate. */
  @Override
  public void run() {
    timer = null;
    if (done || exchange.isResponseComplete()) {
      return; // finished, or ended by Undertow when the connection closed
    }
    long now = System.nanoTime();
    long stallLeft = stallNanos - (now - lastProgress);
    long rateLeft = started + stallNanos + body.size() * NANOS_PER_BYTE - now;
    if (stallLeft > 0 && rateLeft > 0) {
      timer =
          exchange
              .getIoThread()
              .executeAfter(this, Math.min(stallLeft, rateLeft), TimeUnit.NANOSECONDS);
      return;
    }
    String why =
        stallLeft <= 0
            ? "nothing arrived for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms"
            : "it arrives slower than " + MIN_BYTES_PER_SECOND + " bytes a second";
    // The client is not sending what is left: close after the answer rather than wait to drain it.
    exchange.setPersistent(false);
    finish(false, new ApiException(408, "TIMEOUT", "the request body stalled: " + why), null);
  }

  /**
   * Reads what the channel holds; waits for more, or finishes at the end of the body or on a
   * failure. {@code inCall}: still inside the handler's call, where Undertow keeps the exchange
   * open after {@code next} returns only if it dispatched.
   */
  private void readAvailable(boolean inCall) {
    PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate();
    try {
      ByteBuffer buffer = pooled.getBuffer();
      while (true) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
          finish(inCall, null, body.bytes());
          return;
        } else if (n == 0) {
          waitForMore();
          return;
        }
        lastProgress = System.nanoTime();
        buffer.flip();
        if (!body.append(buffer)) {
          finish(inCall, new Receiver.RequestToLargeException(), null);
          return;
        }
      }
    } catch (IOException e) {
      finish(inCall, e, null);
    } finally {
      pooled.close();
    }
  }

  private void waitForMore() {
    channel.getReadSetter().set(this);
    channel.resumeReads();
    if (timer == null) {
      timer = exchange.getIoThread().executeAfter(this, stallNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void finish(boolean inCall, Exception failure, byte[] bytes) {
    done = true;
    if (timer != null) {
      timer.remove();
      timer = null;
    }
    channel.getReadSetter().set(null);
    channel.suspendReads();
    if (inCall) {
      answer(exchange, failure, bytes);
    } else {
      // Outside the handler's call: run as Undertow runs a handler, so that dispatching from
      // next keeps the exchange open and anything else ends it.
      Connectors.executeRootHandler(ex -> answer(ex, failure, bytes), exchange);
    }
  }

  private void answer(HttpServerExchange ex, Exception failure, byte[] bytes) {
    if (failure != null) {
      Errors.send(ex, failure);
    } else {
      Exchanges.run(ex, next, bytes);
    }
  }
}
