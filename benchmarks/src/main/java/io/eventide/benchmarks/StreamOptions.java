package io.eventide.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * The parameters of the seeded event stream ({@link WindowedEvents}) that the Kafka benchmark puts
 * in its topics and posts as NDJSON: every command given the same values sees the same records, in
 * the same order, with the same keys ({@code k0} to {@code k<keys-1>}) and event times, so each can
 * work out what the others must count without a file between them.
 */
final class StreamOptions {

  /** Key of the end-of-input records the windowed topic ends with, one per partition. */
  static final String END_KEY = "end-of-input";

  @Option(
      names = {"-m", "--events"},
      defaultValue = "1000000",
      description = "records (default ${DEFAULT-VALUE})")
  long events;

  @Option(
      names = "--keys",
      defaultValue = "10000",
      description = "distinct keys (default ${DEFAULT-VALUE})")
  int keys;

  @Option(
      names = "--rate",
      defaultValue = "100000",
      description = "records per second of event time (default ${DEFAULT-VALUE})")
  long rate;

  @Option(
      names = "--disorder-ms",
      defaultValue = "100",
      description = "most a record lags behind the one before it, ms (default ${DEFAULT-VALUE})")
  long disorderMillis;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  WindowedEvents stream() {
    return new WindowedEvents(
        events, keys, rate, disorderMillis, seed, WindowedEvents.DEFAULT_START);
  }

  /** How many records each key gets. */
  long[] perKey() {
    long[] counts = new long[keys];
    try {
      stream().forEach((index, key, eventTime) -> counts[key]++);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  /**
   * Event time of the end-of-input records: past the end of the last window plus the
   * out-of-orderness, so that their watermark fires every window of the stream and none of theirs.
   */
  long endOfInputTime(long windowMillis, long outOfOrdernessMillis) {
    long last = WindowedEvents.DEFAULT_START + stream().spanMillis();
    return (Math.floorDiv(last, windowMillis) + 2) * windowMillis + outOfOrdernessMillis + 1;
  }
}
