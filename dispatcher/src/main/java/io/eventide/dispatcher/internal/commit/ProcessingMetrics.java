package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.inbox.Backlog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The dispatcher's processing meters, registered once. */
public final class ProcessingMetrics {
  /**
   * Why invocations went back to their inboxes without an attempt counted: a worker turned them
   * away (its bulkhead full), did not know their function yet (a deployment it has not caught up
   * with), the workers failed or fell silent, or their commit failed. Each is retried after a
   * pause.
   */
  public enum Paused {
    REJECTED,
    UNKNOWN_FUNCTION,
    WORKERS,
    COMMIT
  }

  private final Counter processed;
  private final Counter deadLetters;
  private final Counter failedAttempts;
  private final Map<Paused, Counter> paused = new EnumMap<>(Paused.class);
  private final DistributionSummary batchSize;
  private final Timer invokeTime;
  private final Timer commitTime;

  public ProcessingMetrics(MeterRegistry registry, Backlog backlog) {
    processed =
        Counter.builder("eventide.messages.processed")
            .description("messages whose effects were committed")
            .register(registry);
    deadLetters =
        Counter.builder("eventide.messages.dead.lettered")
            .description("messages given up after their attempts")
            .register(registry);
    failedAttempts =
        Counter.builder("eventide.messages.failed.attempts")
            .description("handler failures that will be retried")
            .register(registry);
    for (Paused reason : Paused.values()) {
      paused.put(
          reason,
          Counter.builder("eventide.invocations.paused")
              .description("invocations given back to their inboxes without counting an attempt")
              .tag("reason", reason.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    batchSize =
        DistributionSummary.builder("eventide.batch.messages")
            .description("messages per committed batch")
            .register(registry);
    invokeTime =
        Timer.builder("eventide.batch.invoke")
            .description("worker time per batch")
            .register(registry);
    commitTime =
        Timer.builder("eventide.batch.commit")
            .description("commit time per batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(java.time.Duration.ofMillis(1))
            .maximumExpectedValue(java.time.Duration.ofSeconds(10))
            .register(registry);
    Gauge.builder("eventide.backlog", backlog, Backlog::total)
        .description("messages enqueued and not yet processed")
        .register(registry);
  }

  /** Time from a batch's invocation to the workers' first answer. */
  public void invoked(long nanos) {
    invokeTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Time from a commit's start to its end. */
  void commitTook(long nanos) {
    commitTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void committed(int messages, int deadLettered) {
    processed.increment(messages - deadLettered);
    deadLetters.increment(deadLettered);
    batchSize.record(messages);
  }

  void failedAttempt() {
    failedAttempts.increment();
  }

  /** {@code invocations} went back to their inboxes for {@code reason}, to run again. */
  public void paused(Paused reason, int invocations) {
    paused.get(reason).increment(invocations);
  }

  double processedCount() {
    return processed.count();
  }

  /** Messages finished since the start, processed or dead-lettered. */
  public long finished() {
    return (long) (processed.count() + deadLetters.count());
  }
}
