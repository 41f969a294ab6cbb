package io.eventide.deploy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} of a role process that has no HTTP API of its own, on a port of its own: the
 * dispatcher's and worker's meters (processed and dead-lettered messages, paused invocations, batch
 * and commit times, invocation durations), the state-service's (calls and their durations by
 * method, open sessions), and the JVM's, for Prometheus to scrape each process as it scrapes a
 * node. Anything else is 404; a method other than GET is 405.
 */
final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final Undertow server;

  private MetricsServer(Undertow server) {
    this.server = server;
  }

  /** Serves {@code registry} on {@code host}:{@code port} (0: a free one) until closed. */
  static MetricsServer start(String role, String host, int port, PrometheusMeterRegistry registry) {
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, host)
            .setIoThreads(1)
            .setWorkerThreads(1)
            .setHandler(
                exchange -> {
                  if (!exchange.getRequestPath().equals("/metrics")) {
                    exchange.setStatusCode(404);
                    exchange.getResponseSender().send("not found: GET /metrics only\n");
                  } else if (!exchange.getRequestMethod().equals(Methods.GET)) {
                    exchange.setStatusCode(405);
                    exchange.getResponseSender().send("method not allowed: GET /metrics only\n");
                  } else {
                    exchange
                        .getResponseHeaders()
                        .put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    exchange.getResponseSender().send(registry.scrape());
                  }
                })
            .build();
    server.start();
    int bound = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    // The line an operator (and ClusterOperationsIT) finds the port by, when it was 0.
    LOG.info("{} metrics on http://{}:{}/metrics", role, host, bound);
    return new MetricsServer(server);
  }

  @Override
  public void close() {
    server.stop();
  }
}
