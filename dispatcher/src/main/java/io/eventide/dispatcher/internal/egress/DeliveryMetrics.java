package io.eventide.dispatcher.internal.egress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-egress delivery meters: {@code eventide_egress_delivered_total}, {@code
 * eventide_egress_dead_lettered_total}, {@code eventide_egress_failures_total} (failed delivery
 * attempts) and {@code eventide_egress_pending} (records waiting, as the deliverer last counted
 * them: exactly while it is less than a page behind, else at most once a second, up to 10,000).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class DeliveryMetrics {
  private final MeterRegistry registry;
  private final Map<String, Meters> byEgress = new ConcurrentHashMap<>();

  DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  Meters of(String egress) {
    return byEgress.computeIfAbsent(egress, this::register);
  }

  private Meters register(String egress) {
    AtomicLong pending = new AtomicLong();
    Gauge.builder("eventide.egress.pending", pending, AtomicLong::get)
        .tag("egress", egress)
        .description("records of a configured egress waiting to be delivered")
        .register(registry);
    return new Meters(
        Counter.builder("eventide.egress.delivered").tag("egress", egress).register(registry),
        Counter.builder("eventide.egress.dead.lettered").tag("egress", egress).register(registry),
        Counter.builder("eventide.egress.failures").tag("egress", egress).register(registry),
        pending);
  }

  /** The meters of one egress. */
  record Meters(Counter delivered, Counter deadLettered, Counter failures, AtomicLong pending) {}
}
