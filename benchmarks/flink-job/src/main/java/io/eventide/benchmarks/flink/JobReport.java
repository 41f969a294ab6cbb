package io.eventide.benchmarks.flink;

import java.util.Locale;

/**
 * What one run of the job measured, printed as one JSON line for {@code benchmarks/windowed.sh}.
 *
 * @param events lines the source emitted
 * @param firings window firings the sink received
 * @param counted the sum of the firings' counts (equals {@code events} when nothing was dropped as
 *     late or counted twice)
 * @param jobMillis wall time from submitting the job to its result (cluster already up)
 * @param netRuntimeMillis Flink's own running time of the job
 * @param checkpoints checkpoints completed during the run
 * @param stateBackend the backend the job ran with, as Flink names it
 */
record JobReport(
    long events,
    long firings,
    long counted,
    int parallelism,
    long outOfOrdernessMillis,
    double jobMillis,
    long netRuntimeMillis,
    long checkpoints,
    String stateBackend) {

  double eventsPerSecond() {
    return jobMillis <= 0 ? 0 : events * 1000.0 / jobMillis;
  }

  boolean exact() {
    return counted == events;
  }

  String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"system\":\"flink\",\"events\":%d,\"firings\":%d,\"counted\":%d,"
            + "\"parallelism\":%d,\"outOfOrdernessMs\":%d,\"jobMillis\":%.0f,\"netRuntimeMillis\":%d,"
            + "\"eventsPerSecond\":%.0f,\"checkpoints\":%d,\"stateBackend\":\"%s\"}",
        events,
        firings,
        counted,
        parallelism,
        outOfOrdernessMillis,
        jobMillis,
        netRuntimeMillis,
        eventsPerSecond(),
        checkpoints,
        stateBackend);
  }
}
