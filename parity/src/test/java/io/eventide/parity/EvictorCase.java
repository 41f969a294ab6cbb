package io.eventide.parity;

import static io.eventide.parity.WindowShape.session;
import static io.eventide.parity.WindowShape.sliding;
import static io.eventide.parity.WindowShape.tumbling;

import java.util.List;

/**
 * One configuration of the evictor and window-state parity test ({@link EvictorParityTest}): an
 * assigner with allowed lateness, an out-of-orderness bound, an evictor (or none) before or after
 * the function, and the function.
 *
 * @param id short name, unique
 * @param window the assigner
 * @param latenessMillis allowed lateness
 * @param boundMillis the out-of-orderness bound B of the per-event watermarks
 * @param evictor which evictor
 * @param parameter its count, its duration in ms, or its delta threshold
 * @param after whether it evicts after the function rather than before
 * @param function what the window function computes
 */
record EvictorCase(
    String id,
    WindowShape window,
    long latenessMillis,
    long boundMillis,
    Evicts evictor,
    long parameter,
    boolean after,
    Function function) {

  /** The evictors compared, by the name they have in both systems. */
  enum Evicts {
    NONE,
    COUNT,
    TIME,
    DELTA
  }

  /** What the window function computes. */
  enum Function {
    /** The values in the order the window hands them over: order matters to an evictor. */
    VALUES_IN_ORDER,
    /** An incremental aggregate's {@link CountSum}, folded over what is left at each firing. */
    COUNT_SUM,
    /**
     * {@code [firings of this window so far, messages of this key so far, sum of values of this key
     * so far]}: window state and global state.
     */
    WINDOW_AND_GLOBAL_STATE
  }

  /** The delta function of the delta cases: the absolute difference of the values. */
  static double delta(long older, long newest) {
    return Math.abs(newest - older);
  }

  static List<EvictorCase> all() {
    return List.of(
        new EvictorCase(
            "tumbling-count",
            tumbling(1_000),
            800,
            250,
            Evicts.COUNT,
            3,
            false,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "tumbling-count-after",
            tumbling(1_000),
            800,
            250,
            Evicts.COUNT,
            3,
            true,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "sliding-count-sum",
            sliding(1_500, 400),
            700,
            300,
            Evicts.COUNT,
            4,
            false,
            Function.COUNT_SUM),
        new EvictorCase(
            "sliding-time",
            sliding(1_500, 400),
            700,
            300,
            Evicts.TIME,
            500,
            false,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "tumbling-time-after",
            tumbling(1_000),
            800,
            250,
            Evicts.TIME,
            300,
            true,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "tumbling-delta",
            tumbling(1_000),
            800,
            250,
            Evicts.DELTA,
            300,
            false,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "sliding-delta-after-sum",
            sliding(1_500, 400),
            700,
            300,
            Evicts.DELTA,
            400,
            true,
            Function.COUNT_SUM),
        new EvictorCase(
            "session-count",
            session(400),
            600,
            250,
            Evicts.COUNT,
            3,
            false,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "session-delta-after",
            session(350),
            900,
            100,
            Evicts.DELTA,
            250,
            true,
            Function.VALUES_IN_ORDER),
        new EvictorCase(
            "session-time-sum",
            session(400),
            600,
            250,
            Evicts.TIME,
            300,
            false,
            Function.COUNT_SUM),
        new EvictorCase(
            "tumbling-state",
            tumbling(700),
            500,
            150,
            Evicts.NONE,
            0,
            false,
            Function.WINDOW_AND_GLOBAL_STATE),
        new EvictorCase(
            "sliding-state-count",
            sliding(1_000, 300),
            600,
            200,
            Evicts.COUNT,
            2,
            true,
            Function.WINDOW_AND_GLOBAL_STATE));
  }

  @Override
  public String toString() {
    return id
        + " ["
        + window
        + ", lateness "
        + latenessMillis
        + "ms, B "
        + boundMillis
        + "ms, "
        + evictor
        + (evictor == Evicts.NONE ? "" : "(" + parameter + (after ? ", after" : "") + ")")
        + ", "
        + function
        + "]";
  }
}
