package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.inbox.Backlog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The dispatcher's processing meters, registered once. */
public final class ProcessingMetrics {
  private final Counter processed;
  private final Counter deadLetters;
  private final Counter failedAttempts;
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

  double processedCount() {
    return processed.count();
  }

  /** Messages finished since the start, processed or dead-lettered. */
  public long finished() {
    return (long) (processed.count() + deadLetters.count());
  }
}
