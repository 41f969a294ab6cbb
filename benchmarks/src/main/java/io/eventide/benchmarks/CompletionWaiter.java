package io.eventide.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Waits until the node has processed every message of a run and checks that each key counted
 * exactly what it was sent.
 *
 * <p>The end of processing is taken from the cheap signal, the node's processed-messages counter on
 * {@code /metrics}, when there is one (its baseline is read before the run). Without it, a small
 * sample of keys is polled first and then all keys are swept; the end time is then only as precise
 * as one sweep. Either way a full sweep of every key's state follows, after the clock stopped, as
 * the exactly-once check: a key short of its count is re-read until it catches up or the timeout
 * passes; a key above its count means a message was applied twice. With a million keys that sweep
 * takes longer than the run, so it may cover a sample of the keys instead; the end of processing is
 * still taken from the counter, which covers all of them.
 */
final class CompletionWaiter {

  /** How a run ended. {@code doneNanos} is a {@link System#nanoTime()} reading. */
  record Outcome(
      long doneNanos,
      long sum,
      long expectedSum,
      int keysShort,
      int keysOver,
      boolean metricEarly,
      boolean timedOut,
      int keysChecked,
      int keyCount) {

    boolean exact() {
      return sum == expectedSum && keysShort == 0 && keysOver == 0 && !timedOut;
    }

    /** For example {@code "exactly-once check OK"}. */
    String check() {
      if (exact()) {
        return "exactly-once check OK"
            + sampled()
            + (metricEarly ? " (metric ran ahead of state)" : "");
      }
      return "exactly-once check"
          + sampled()
          + " FAILED: sum "
          + sum
          + " of "
          + expectedSum
          + ", "
          + keysShort
          + " keys short, "
          + keysOver
          + " keys over"
          + (timedOut ? ", timed out" : "");
    }

    private String sampled() {
      return keysChecked == keyCount
          ? ""
          : " (sample of " + keysChecked + " of " + keyCount + " keys)";
    }
  }

  // The least time between two looks: a Prometheus scrape costs the node real CPU (~3% of its
  // samples at 100 scrapes/s), so the looks are paced by the progress (Probes.awaitFinished).
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final int SAMPLE = 16;

  private final Probes probes;
  private final Keys keys;
  private final long total;
  private final long deadline;
  private final int[] checked;

  CompletionWaiter(Probes probes, Keys keys, long total, Duration timeout) {
    this(probes, keys, total, timeout, IntStream.range(0, keys.count()).toArray());
  }

  /**
   * @param checked the keys the exactly-once check reads, ascending
   */
  CompletionWaiter(Probes probes, Keys keys, long total, Duration timeout, int[] checked) {
    this.probes = probes;
    this.keys = keys;
    this.total = total;
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.checked = checked;
  }

  /**
   * @param baseline the processed-messages metric before the run, if the node has it
   */
  Outcome await(OptionalLong baseline) {
    return await(baseline, () -> {});
  }

  /**
   * @param done runs once processing is done, before the check, which costs the node CPU too
   */
  Outcome await(OptionalLong baseline, Runnable done) {
    long doneAt = baseline.isPresent() ? awaitMetric(baseline.getAsLong()) : awaitSample();
    done.run();
    return verify(doneAt, baseline.isPresent());
  }

  private long awaitMetric(long baseline) {
    return probes.awaitFinished(baseline, total, POLL_NANOS, deadline);
  }

  private long awaitSample() {
    int step = Math.max(1, keys.count() / SAMPLE);
    int[] sample = IntStream.range(0, Math.min(SAMPLE, keys.count())).map(i -> i * step).toArray();
    while (System.nanoTime() < deadline) {
      long[] counts = probes.counts(keys, sample);
      boolean all =
          IntStream.range(0, sample.length)
              .allMatch(i -> counts[i] >= keys.expected(sample[i], total));
      if (all) {
        return -1; // only the sweep can tell when everything is done
      }
      pause();
    }
    return -1;
  }

  private Outcome verify(long doneAt, boolean byMetric) {
    long[] counts = new long[keys.count()];
    int[] remaining = checked.clone();
    boolean firstSweep = true;
    boolean sweptAgain = false;
    while (true) {
      long[] read = probes.counts(keys, remaining);
      long sweptAt = System.nanoTime();
      for (int i = 0; i < remaining.length; i++) {
        counts[remaining[i]] = read[i];
      }
      remaining =
          Arrays.stream(remaining).filter(k -> counts[k] < keys.expected(k, total)).toArray();
      if (remaining.length == 0 || System.nanoTime() >= deadline) {
        boolean late = doneAt < 0 || !firstSweep;
        return outcome(
            late ? sweptAt : doneAt, counts, byMetric && sweptAgain, remaining.length > 0);
      }
      firstSweep = false;
      sweptAgain = true;
      pause();
    }
  }

  private Outcome outcome(long doneAt, long[] counts, boolean metricEarly, boolean timedOut) {
    int keysShort = 0;
    int keysOver = 0;
    long sum = 0;
    long expectedSum = 0;
    for (int k : checked) {
      long expected = keys.expected(k, total);
      keysShort += counts[k] < expected ? 1 : 0;
      keysOver += counts[k] > expected ? 1 : 0;
      sum += counts[k];
      expectedSum += expected;
    }
    return new Outcome(
        doneAt,
        sum,
        expectedSum,
        keysShort,
        keysOver,
        metricEarly,
        timedOut,
        checked.length,
        keys.count());
  }

  private static void pause() {
    java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
  }
}
