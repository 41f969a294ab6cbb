package io.eventide.store.remote;

import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Store} to {@link RemoteStore} clients in other processes over gRPC (the {@code
 * StateStore} service of {@code store.proto}): the state-service process of a cluster without
 * FoundationDB. It does not own the store: close the server first, then the store.
 *
 * <p>Each client transaction is a session holding a real transaction of the served store, so
 * clients see exactly its semantics. Sessions are bounded ({@link
 * RemoteStoreServerOptions#maxSessions}) and released {@link
 * RemoteStoreServerOptions#sessionTimeout} after their begin if the client never commits or closes
 * them. The port is plaintext and unauthenticated unless {@link
 * RemoteStoreServerOptions#credentials} ask for mutual TLS: without it, bind it to a
 * cluster-internal address.
 *
 * <pre>{@code
 * try (Store store = Stores.rocksdb(dir);
 *     RemoteStoreServer server = RemoteStoreServer.start(store, "10.0.0.5", 7600)) {
 *   awaitShutdown(server);
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Calls run on {@link RemoteStoreServerOptions#handlerThreads} named threads; their
 * queue is bounded in practice by the session bound, as a client has one call in flight per
 * transaction.
 */
public final class RemoteStoreServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteStoreServer.class);
  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final Server server;
  private final Sessions sessions;
  private final ExecutorService handlers;
  private final RemoteStoreServerOptions options;
  private final CallCounts calls;

  private RemoteStoreServer(
      Server server,
      Sessions sessions,
      ExecutorService handlers,
      RemoteStoreServerOptions options,
      CallCounts calls) {
    this.calls = calls;
    this.server = server;
    this.sessions = sessions;
    this.handlers = handlers;
    this.options = options;
  }

  /** Serves {@code store} on {@code host:port} (port 0: any free port) with default options. */
  public static RemoteStoreServer start(Store store, String host, int port) {
    return start(store, host, port, RemoteStoreServerOptions.defaults());
  }

  /**
   * Serves {@code store} on {@code host:port}; fails with {@code IO} when it cannot listen there.
   */
  public static RemoteStoreServer start(
      Store store, String host, int port, RemoteStoreServerOptions options) {
    String name = "eventide-state-store-" + SERVERS.incrementAndGet();
    ExecutorService handlers = handlerPool(name, options.handlerThreads());
    Sessions sessions = new Sessions(store, options, name);
    CallCounts calls = new CallCounts();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port), options.credentials())
            .executor(handlers)
            .maxInboundMessageSize(WireLimits.MAX_MESSAGE_BYTES)
            .addService(
                ServerInterceptors.intercept(
                    ServerInterceptors.intercept(
                        new StateStoreService(sessions, handlers), options.interceptors()),
                    calls))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      sessions.close();
      handlers.shutdownNow();
      throw new StoreException(
          Code.IO, "cannot serve the store on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    log.info("serving the {} store on {}:{}", store.backend(), host, server.getPort());
    return new RemoteStoreServer(server, sessions, handlers, options, calls);
  }

  /** The port the server listens on (the one chosen when started with port 0). */
  public int port() {
    return server.getPort();
  }

  /**
   * Calls of {@code method} (as named in {@code store.proto}, e.g. {@code Begin}) served so far.
   */
  public long callsServed(String method) {
    return calls.served(method);
  }

  /**
   * Sessions holding a transaction (and so a snapshot) of the served store: begun and not yet
   * released, expired or through their commit.
   */
  public int openSessions() {
    return sessions.unfinished();
  }

  /**
   * Stops accepting calls, ends every open session, lets calls in flight (commits in particular)
   * finish for up to {@link RemoteStoreServerOptions#shutdownGrace}, then cancels the rest: their
   * clients see {@code COMMIT_UNKNOWN} or {@code UNAVAILABLE}. Idempotent.
   */
  @Override
  public void close() {
    log.info("calls served: {}", calls);
    server.shutdown();
    sessions.close();
    try {
      if (!server.awaitTermination(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "calls still in flight {} after closing; cancelling them", options.shutdownGrace());
        server.shutdownNow();
        server.awaitTermination(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    } finally {
      handlers.shutdownNow();
    }
  }

  private static ExecutorService handlerPool(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
