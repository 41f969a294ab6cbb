package io.eventide.benchmarks.http;

import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.ssl.XnioSsl;

/**
 * A small, cheap HTTP/1.1 client for load generation: a fixed number of keep-alive connections to
 * {@code 127.0.0.1:port} driven by Undertow's non-blocking client on one or two XNIO threads (the
 * JDK {@code HttpClient} costs far more CPU per request, which would steal the node's cores).
 * Requests beyond the number of connections wait in a bounded queue; the time they wait there is
 * part of their latency, as it should be for an open-loop generator.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #submit} may be called from any thread; futures complete on XNIO I/O threads, so their
 * continuations must not block.
 */
public final class HttpPool implements AutoCloseable {

  /** A request waiting for, or running on, a connection. */
  record Pending(Request request, CompletableFuture<Response> future) {}

  private final URI uri;
  private final String hostHeader;
  private final XnioWorker worker;
  private final XnioSsl ssl;
  private final ByteBufferPool bufferPool = new DefaultByteBufferPool(true, 16 * 1024);
  private final OptionMap options = OptionMap.create(Options.TCP_NODELAY, true);
  private final List<PooledConnection> all = new ArrayList<>();
  // Holds at most `connections` entries: each connection is either here or running an exchange.
  private final Queue<PooledConnection> idle = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Pending> waiting;

  /**
   * @param port port of the node on 127.0.0.1 (the only host the generator talks to)
   * @param connections number of keep-alive connections, that is, requests in flight at most
   * @param ioThreads XNIO I/O threads
   * @param maxWaiting requests allowed to wait for a connection before {@link #submit} rejects
   */
  public HttpPool(int port, int connections, int ioThreads, int maxWaiting) {
    this(port, connections, ioThreads, maxWaiting, null);
  }

  /**
   * As {@link #HttpPool(int, int, int, int)}, over HTTPS (HTTP/1.1) with {@code tls} when not null:
   * a gateway serving {@code --tls-cert}, whose CA {@code tls} trusts.
   */
  public HttpPool(int port, int connections, int ioThreads, int maxWaiting, SSLContext tls) {
    this.uri = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    this.ssl = tls == null ? null : new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, tls);
    this.hostHeader = "127.0.0.1:" + port;
    this.waiting = new LinkedBlockingQueue<>(maxWaiting);
    try {
      this.worker =
          Xnio.getInstance()
              .createWorker(
                  OptionMap.builder()
                      .set(Options.WORKER_IO_THREADS, ioThreads)
                      .set(Options.WORKER_TASK_CORE_THREADS, 1)
                      .set(Options.WORKER_TASK_MAX_THREADS, 1)
                      .set(Options.WORKER_NAME, "loadgen-http")
                      .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start XNIO worker", e);
    }
    for (int i = 0; i < connections; i++) {
      PooledConnection connection = new PooledConnection(this);
      all.add(connection);
      idle.add(connection);
    }
  }

  /** Sends {@code request} on the next free connection; the future fails on I/O errors. */
  public CompletableFuture<Response> submit(Request request) {
    CompletableFuture<Response> future = new CompletableFuture<>();
    if (!waiting.offer(new Pending(request, future))) {
      future.completeExceptionally(new RejectedExecutionException("too many requests waiting"));
      return future;
    }
    drain();
    return future;
  }

  void release(PooledConnection connection) {
    idle.add(connection);
    drain();
  }

  /**
   * Pairs waiting requests with idle connections. Both sides call this after adding to their queue,
   * so a request can never be stranded while a connection sits idle.
   */
  private void drain() {
    while (!waiting.isEmpty()) {
      PooledConnection connection = idle.poll();
      if (connection == null) {
        return;
      }
      Pending pending = waiting.poll();
      if (pending == null) {
        idle.add(connection);
        continue;
      }
      connection.execute(pending);
    }
  }

  URI uri() {
    return uri;
  }

  String hostHeader() {
    return hostHeader;
  }

  XnioWorker worker() {
    return worker;
  }

  /** TLS for the connections; null for plain HTTP. */
  XnioSsl ssl() {
    return ssl;
  }

  ByteBufferPool bufferPool() {
    return bufferPool;
  }

  OptionMap options() {
    return options;
  }

  @Override
  public void close() {
    all.forEach(PooledConnection::close);
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }
}
