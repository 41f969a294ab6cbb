package io.eventide.benchmarks;

/**
 * The exactly-once check of the Kafka benchmark's counters: every key of the stream must have
 * counted its records times the passes of the stream the node has seen (a warm-up pass counts into
 * the same keys). The keys read are all of them, or a seeded sample.
 */
final class StreamCheck {

  private StreamCheck() {}

  /** For example {@code "exactly-once check OK"}, or what was wrong. */
  static String check(Probes probes, Keys keys, long[] perKey, int passes, Integer sample) {
    int[] which = keys.sample(sample == null ? keys.count() : sample, 1);
    long[] counts = probes.counts(keys, which);
    long sum = 0;
    long expectedSum = 0;
    int wrong = 0;
    for (int i = 0; i < which.length; i++) {
      long expected = perKey[which[i]] * passes;
      sum += counts[i];
      expectedSum += expected;
      wrong += counts[i] == expected ? 0 : 1;
    }
    String scope =
        which.length == keys.count()
            ? ""
            : " (sample of " + which.length + " of " + keys.count() + " keys)";
    return wrong == 0
        ? "exactly-once check OK" + scope
        : "exactly-once check"
            + scope
            + " FAILED: sum "
            + sum
            + " of "
            + expectedSum
            + ", "
            + wrong
            + " keys wrong";
  }

  static boolean ok(String check) {
    return check.startsWith("exactly-once check OK");
  }
}
