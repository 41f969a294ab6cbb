package io.eventide.deploy;

import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.remote.RemoteStoreServer;
import io.eventide.store.remote.RemoteStoreServerOptions;
import io.eventide.tls.InternalTls;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code eventide state-service}: the embedded RocksDB store served over gRPC, the {@code remote}
 * backend of clusters without FoundationDB. Plain gRPC without authentication unless given {@code
 * --internal-tls-*}: then only processes with a certificate from the cluster's CA get in.
 */
@Command(
    name = "state-service",
    mixinStandardHelpOptions = true,
    description =
        "Serve the embedded RocksDB store over gRPC to a cluster's other roles (the 'remote' store).")
final class StateServiceCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(StateServiceCommand.class);

  @Spec CommandSpec spec;

  @Mixin HostOption host;

  @Mixin GrpcPortOption grpc;

  @Mixin DataDirOption data;

  @Mixin InternalTlsOptions internalTls;

  @Mixin LogFormatOption logFormat;

  @Mixin MetricsPortOption metrics;

  @Override
  public Integer call() throws InterruptedException {
    int port = grpc.port(spec, GrpcPortOption.STATE_SERVICE);
    InternalTls tls = internalTls.load(spec);
    RemoteStoreServerOptions options =
        tls == null
            ? RemoteStoreServerOptions.defaults()
            : RemoteStoreServerOptions.defaults().withCredentials(tls.serverCredentials());
    Path dataDir = data.orHome("state");
    PrintWriter err = spec.commandLine().getErr();
    Integer metricsPort = metrics.port(spec);
    Components components = new Components();
    Store store = null;
    RemoteStoreServer server;
    try {
      MeterRegistry registry = null;
      if (metricsPort != null) {
        registry = Metrics.served(components, "state-service", host.host, metricsPort);
        // Calls and their durations by method and status: a cluster's round trips to its store.
        options = options.withInterceptor(new MetricCollectingServerInterceptor(registry));
      }
      Files.createDirectories(dataDir);
      store = Stores.rocksdb(dataDir.resolve("store"));
      server = RemoteStoreServer.start(store, host.host, port, options);
      if (registry != null) {
        Gauge.builder("eventide.store.sessions.open", server, RemoteStoreServer::openSessions)
            .description("transactions begun by clients and not yet finished")
            .register(registry);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("state-service failed to start", e);
      if (store != null) {
        store.close();
      }
      components.close();
      err.println(
          "eventide: cannot start the state-service: "
              + (e.getMessage() != null ? e.getMessage() : e.toString())
              + " (data dir "
              + dataDir
              + ", port "
              + port
              + ")");
      err.flush();
      return 1;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Store served = store;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> close(server, served, components, closed), "eventide-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("eventide: state-service listening on grpc://" + host.host + ":" + server.port());
    out.flush();
    while (!closed.await(1, TimeUnit.DAYS)) {
      log.debug("still serving on port {}", server.port());
    }
    return 0;
  }

  private static void close(
      RemoteStoreServer server, Store store, Components components, CountDownLatch closed) {
    try {
      log.info("shutting down");
      // Callers first, so no commit reaches a closing store; the store's own close then syncs it.
      server.close();
      store.close();
      components.close(); // the metrics last: they show the shutdown's calls
      log.info("stopped");
    } finally {
      closed.countDown();
    }
  }
}
