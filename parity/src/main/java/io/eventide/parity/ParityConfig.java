package io.eventide.parity;

import static io.eventide.parity.WindowShape.session;
import static io.eventide.parity.WindowShape.sliding;
import static io.eventide.parity.WindowShape.tumbling;

/**
 * The configurations run through both Eventide and Flink: every assigner with and without allowed
 * lateness, aggregates and process functions. Sliding sizes are deliberately not multiples of their
 * slides, and every configuration has an out-of-orderness bound so that streams hold out-of-order,
 * allowed-late and dropped events.
 *
 * <pre>{@code
 * ParityConfig.SESSION_SUM_LATENESS.caseName(Lane.RANDOM_REQUESTS);   // "session-sum-lateness-split"
 * }</pre>
 */
public enum ParityConfig {
  TUMBLING_SUM("tumbling-sum", tumbling(1_000), 0, 250, ResultKind.COUNT_SUM),
  TUMBLING_SUM_LATENESS("tumbling-sum-lateness", tumbling(1_000), 800, 250, ResultKind.COUNT_SUM),
  TUMBLING_VALUES_LATENESS(
      "tumbling-values-lateness", tumbling(700), 500, 150, ResultKind.SORTED_VALUES),
  SLIDING_SUM("sliding-sum", sliding(1_500, 400), 0, 300, ResultKind.COUNT_SUM),
  SLIDING_SUM_LATENESS("sliding-sum-lateness", sliding(1_500, 400), 700, 300, ResultKind.COUNT_SUM),
  SLIDING_MIN_MAX("sliding-min-max", sliding(1_000, 300), 0, 200, ResultKind.COUNT_MIN_MAX),
  SESSION_SUM("session-sum", session(400), 0, 250, ResultKind.COUNT_SUM),
  SESSION_SUM_LATENESS("session-sum-lateness", session(400), 600, 250, ResultKind.COUNT_SUM),
  SESSION_VALUES_LATENESS(
      "session-values-lateness", session(350), 900, 100, ResultKind.SORTED_VALUES),
  /**
   * One key's 100,000 events in one ten-minute window of a process function: its contents are far
   * over any one store value, and it must fire with every one of them ({@link #isBigWindow}).
   */
  BIG_WINDOW("big-window", tumbling(600_000), 0, 250, ResultKind.SORTED_VALUES);

  /** The events of {@link #BIG_WINDOW}'s one key. */
  public static final int BIG_WINDOW_EVENTS = 100_000;

  /** The namespace of every parity function type. */
  public static final String NAMESPACE = "parity";

  private final String id;
  private final WindowShape window;
  private final long latenessMillis;
  private final long outOfOrdernessMillis;
  private final ResultKind result;

  ParityConfig(
      String id,
      WindowShape window,
      long latenessMillis,
      long outOfOrdernessMillis,
      ResultKind result) {
    this.id = id;
    this.window = window;
    this.latenessMillis = latenessMillis;
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.result = result;
  }

  /**
   * Whether this is the configuration of one huge window: one key, no late events, so it fires once
   * or twice rather than hundreds of times.
   */
  public boolean isBigWindow() {
    return this == BIG_WINDOW;
  }

  /** Short name, e.g. {@code sliding-sum-lateness}. */
  public String id() {
    return id;
  }

  /** The window assigner. */
  public WindowShape window() {
    return window;
  }

  /** Allowed lateness in ms. */
  public long latenessMillis() {
    return latenessMillis;
  }

  /**
   * The bound B of the source's watermark: after an event at t it is {@code max(prev, t - B - 1)}.
   */
  public long outOfOrdernessMillis() {
    return outOfOrdernessMillis;
  }

  /** What the window function computes. */
  public ResultKind result() {
    return result;
  }

  /**
   * The name of this configuration in {@code lane}: its function type's name, its ingress source
   * and the egress of its firings.
   */
  public String caseName(Lane lane) {
    return id + "-" + lane.id();
  }

  /** The egress of the late records of this configuration in {@code lane}. */
  public String lateEgress(Lane lane) {
    return caseName(lane) + "-late";
  }

  @Override
  public String toString() {
    return id
        + " ["
        + window
        + ", lateness "
        + latenessMillis
        + "ms, out-of-orderness "
        + outOfOrdernessMillis
        + "ms, "
        + result
        + "]";
  }
}
