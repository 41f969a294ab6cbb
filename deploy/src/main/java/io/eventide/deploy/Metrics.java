package io.eventide.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry of a process that serves {@code /metrics}, with the JVM's meters bound.
 */
final class Metrics {
  private Metrics() {}

  /**
   * The registry of a role without an HTTP API of its own: served on {@code port} by a {@link
   * MetricsServer} when given, else kept in memory (what the role reports over gRPC still counts).
   */
  static MeterRegistry served(Components components, String role, String host, Integer port) {
    if (port == null) {
      return new SimpleMeterRegistry();
    }
    PrometheusMeterRegistry registry = registry(components);
    components.add(MetricsServer.start(role, host, port, registry));
    return registry;
  }

  static PrometheusMeterRegistry registry(Components components) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    components.add(gc);
    components.add(registry::close);
    return registry;
  }
}
