package io.eventide.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a configuration's event stream from a seed: a few thousand events over 50 to 200 keys
 * (a tenth of them hot), in ingest order. A clock advances by small random steps (ties included);
 * each event's timestamp lags the clock by
 *
 * <ul>
 *   <li>at most the out-of-orderness bound B (70%): out of order, never late;
 *   <li>more than B, up to B + lateness + two windows (20%): late for the watermark, some within
 *       the allowed lateness (late firings), some beyond it (late records);
 *   <li>far more (10%): late records, or late merges of sessions.
 * </ul>
 *
 * Timestamps start at a non-aligned instant and never go below it.
 */
final class EventStream {
  /** Start of the clock: positive and aligned to no window size or slide. */
  static final long EPOCH = 1_700_000_000_137L;

  private EventStream() {}

  /** The stream of {@code config} for {@code seed}; the same arguments give the same stream. */
  static List<Event> generate(long seed, ParityConfig config) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + config.ordinal());
    if (config.isBigWindow()) {
      return oneKey(random, config);
    }
    int events = 2_000 + random.nextInt(1_500);
    int keys = 50 + random.nextInt(151);
    // Each key sees an event every 200-600 ms on average, so sessions both merge and close.
    double meanStep = (200 + random.nextInt(401)) / (double) keys;
    return generate(
        random,
        events,
        keys,
        meanStep,
        config.outOfOrdernessMillis(),
        config.window().size(),
        config.latenessMillis());
  }

  /**
   * {@code events} events over {@code keys} keys, one every {@code meanStep} ms on average, with
   * the lags described above for the bound, window size and lateness given.
   */
  static List<Event> generate(
      SplittableRandom random,
      int events,
      int keys,
      double meanStep,
      long bound,
      long window,
      long lateness) {
    List<Event> stream = new ArrayList<>(events);
    double clock = EPOCH;
    for (int i = 0; i < events; i++) {
      clock += random.nextDouble() * 2 * meanStep;
      long lag = lag(random, bound, lateness, window);
      long timestamp = Math.max(EPOCH, (long) clock - lag);
      stream.add(new Event(key(random, keys), timestamp, random.nextInt(1_000)));
    }
    return stream;
  }

  /**
   * {@link ParityConfig#BIG_WINDOW_EVENTS} events of one key, half a millisecond apart on average
   * and out of order within the bound: about 50 s, inside the config's ten-minute window.
   */
  private static List<Event> oneKey(SplittableRandom random, ParityConfig config) {
    List<Event> stream = new ArrayList<>(ParityConfig.BIG_WINDOW_EVENTS);
    double clock = EPOCH;
    for (int i = 0; i < ParityConfig.BIG_WINDOW_EVENTS; i++) {
      clock += random.nextDouble();
      long timestamp =
          Math.max(EPOCH, (long) clock - random.nextLong(config.outOfOrdernessMillis() + 1));
      stream.add(new Event("k000", timestamp, random.nextInt(1_000)));
    }
    return stream;
  }

  private static long lag(SplittableRandom random, long bound, long lateness, long window) {
    int dice = random.nextInt(100);
    if (dice < 70) {
      return random.nextLong(bound + 1);
    }
    if (dice < 90) {
      return bound + 1 + random.nextLong(lateness + 2 * window);
    }
    return bound + lateness + window + random.nextLong(3 * window);
  }

  private static String key(SplittableRandom random, int keys) {
    int hot = Math.max(1, keys / 10);
    return String.format(
        "k%03d", random.nextBoolean() ? random.nextInt(hot) : random.nextInt(keys));
  }

  /** Cuts {@code stream} into consecutive requests of random sizes (1 to about a quarter of it). */
  static List<List<Event>> split(List<Event> stream, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Event>> requests = new ArrayList<>();
    int from = 0;
    while (from < stream.size()) {
      int size =
          random.nextInt(8) == 0
              ? 1 + random.nextInt(3)
              : 1 + random.nextInt(Math.max(1, stream.size() / 4));
      int to = Math.min(stream.size(), from + size);
      requests.add(stream.subList(from, to));
      from = to;
    }
    return requests;
  }
}
