package io.eventide.worker.internal;

import io.eventide.protocol.InvocationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker's meters, tagged by function type: {@code eventide.worker.invocations}, {@code
 * eventide.worker.messages} (handled), {@code eventide.worker.failures} (also tagged {@code code})
 * and {@code eventide.worker.invocation.duration}.
 *
 * <p>The meters of a type are looked up once and kept: registering them again for every invocation
 * (building, sorting and hashing their ids) took a fifth of a worker thread's time.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe (Micrometer meters are).
 */
public final class WorkerMetrics {
  private final MeterRegistry registry;
  private final Map<String, TypeMeters> byType = new ConcurrentHashMap<>();

  public WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String type, InvocationResult result, long durationNanos) {
    TypeMeters meters = byType.computeIfAbsent(type, this::meters);
    meters.invocations().increment();
    meters.messages().increment(result.getHandled());
    if (result.hasFailure()) {
      Counter.builder("eventide.worker.failures")
          .tag("type", type)
          .tag("code", result.getFailure().getCode())
          .description("invocations that stopped at a failure")
          .register(registry)
          .increment();
    }
    meters.duration().record(durationNanos, TimeUnit.NANOSECONDS);
  }

  private TypeMeters meters(String type) {
    return new TypeMeters(
        Counter.builder("eventide.worker.invocations")
            .tag("type", type)
            .description("invocations (all messages of one address in a batch)")
            .register(registry),
        Counter.builder("eventide.worker.messages")
            .tag("type", type)
            .description("messages handled successfully")
            .register(registry),
        Timer.builder("eventide.worker.invocation.duration")
            .tag("type", type)
            .description("time from receiving an invocation to its result, queueing included")
            .publishPercentileHistogram()
            .minimumExpectedValue(java.time.Duration.ofMillis(1))
            .maximumExpectedValue(java.time.Duration.ofSeconds(30))
            .register(registry));
  }

  private record TypeMeters(Counter invocations, Counter messages, Timer duration) {}
}
