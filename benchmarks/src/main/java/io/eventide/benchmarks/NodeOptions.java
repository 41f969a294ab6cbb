package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.tls.TrustedCa;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** Options every scenario shares: where the node is and how long to wait for it. */
final class NodeOptions {

  @Option(
      names = "--port",
      required = true,
      defaultValue = "${env:EVENTIDE_PORT}",
      description = "HTTP port of the node on 127.0.0.1 (env EVENTIDE_PORT)")
  int port;

  @Option(
      names = "--ca",
      defaultValue = "${env:EVENTIDE_CA}",
      description =
          "the node serves HTTPS with a certificate this CA (PEM) signed (env EVENTIDE_CA;"
              + " default: plain HTTP)")
  Path ca;

  @Option(
      names = "--io-threads",
      defaultValue = "1",
      description = "I/O threads of the generator's HTTP client (default ${DEFAULT-VALUE})")
  int ioThreads;

  @Option(
      names = "--timeout",
      defaultValue = "300",
      description = "seconds to wait for the node to process everything (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(names = "--key-prefix", description = "prefix of key ids (default: fresh per run)")
  String keyPrefix;

  @Option(
      names = "--function",
      defaultValue = Keys.FUNCTION,
      description =
          "the counting function, namespace/type (default ${DEFAULT-VALUE}; bench/count keeps only state)")
  String function;

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  Keys keys(String scenario, int count) {
    return new Keys(function, keyPrefix != null ? keyPrefix : Keys.freshPrefix(scenario), count);
  }

  HttpPool pool(int connections, int maxWaiting) {
    return new HttpPool(port, connections, ioThreads, maxWaiting, tls());
  }

  /** A pool for state sweeps and metrics, apart from the one the load goes through. */
  HttpPool probePool(int keys) {
    return new HttpPool(port, 8, 1, keys + 16, tls());
  }

  private SSLContext tls() {
    return ca == null ? null : TrustedCa.context(ca);
  }
}
