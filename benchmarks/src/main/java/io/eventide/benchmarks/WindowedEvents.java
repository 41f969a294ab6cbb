package io.eventide.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The event stream of the windowed-counting benchmark, fully determined by its parameters and seed:
 * event {@code i} goes to a uniformly drawn key of {@code keys}, at the nominal time {@code start +
 * i * 1000 / rate} less a uniform disorder of 0 to {@code disorderMillis}. No event is therefore
 * more than {@code disorderMillis} older than one before it, and a watermark strategy with at least
 * that out-of-orderness never finds one late: every event is counted, and the firings are the
 * distinct (key, window) pairs, which {@link #expectedFirings} works out.
 *
 * <pre>{@code
 * WindowedEvents events = new WindowedEvents(1_000_000, 10_000, 100_000, 100, 42, WindowedEvents.DEFAULT_START);
 * events.write(writer, "bench/window-count"); // {"target":"bench/window-count/k17","eventTime":...,"payload":1}
 * }</pre>
 */
final class WindowedEvents {

  /** A whole second, so that windows line up with round numbers: 2023-11-14T22:13:20Z. */
  static final long DEFAULT_START = 1_700_000_000_000L;

  private final long events;
  private final int keys;
  private final long rate;
  private final long disorderMillis;
  private final long seed;
  private final long start;

  /**
   * @param events how many
   * @param keys distinct ids, {@code k0} to {@code k<keys-1>}
   * @param rate events per second of event time
   * @param disorderMillis the most an event's time lags behind its nominal time
   * @param seed seed of the key and disorder draws
   * @param start event time of event 0 before disorder, epoch ms
   */
  WindowedEvents(long events, int keys, long rate, long disorderMillis, long seed, long start) {
    if (events < 1 || keys < 1 || rate < 1 || disorderMillis < 0) {
      throw new IllegalArgumentException(
          "events, keys and rate must be positive and disorder not negative");
    }
    this.events = events;
    this.keys = keys;
    this.rate = rate;
    this.disorderMillis = disorderMillis;
    this.seed = seed;
    this.start = start;
  }

  /** Receives the events in stream order. */
  interface Sink {
    void accept(long index, int key, long eventTime) throws IOException;
  }

  void forEach(Sink sink) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    for (long i = 0; i < events; i++) {
      int key = random.nextInt(keys);
      long lag = disorderMillis == 0 ? 0 : random.nextLong(disorderMillis + 1);
      sink.accept(i, key, nominalTime(i) - lag);
    }
  }

  /** Writes one NDJSON ingest line per event to {@code out}, targets {@code function/k<key>}. */
  void write(Writer out, String function) throws IOException {
    BufferedWriter writer = new BufferedWriter(out, 1 << 16);
    String prefix = "{\"target\":\"" + function + "/k";
    forEach(
        (index, key, eventTime) -> {
          writer.write(prefix);
          writer.write(Integer.toString(key));
          writer.write("\",\"eventTime\":");
          writer.write(Long.toString(eventTime));
          writer.write(",\"payload\":1}\n");
        });
    writer.flush();
  }

  /** Distinct (key, window) pairs for tumbling windows of {@code windowMillis}: one firing each. */
  long expectedFirings(long windowMillis) throws IOException {
    long first = Math.floorDiv(start - disorderMillis, windowMillis);
    long windows = Math.floorDiv(nominalTime(events - 1), windowMillis) - first + 1;
    BitSet seen = new BitSet(Math.toIntExact(windows * keys));
    forEach(
        (index, key, eventTime) ->
            seen.set(
                Math.toIntExact((Math.floorDiv(eventTime, windowMillis) - first) * keys + key)));
    return seen.cardinality();
  }

  /** Event time span covered, first nominal time to last, in milliseconds. */
  long spanMillis() {
    return nominalTime(events - 1) - start;
  }

  private long nominalTime(long index) {
    return start + index * 1000 / rate;
  }
}
