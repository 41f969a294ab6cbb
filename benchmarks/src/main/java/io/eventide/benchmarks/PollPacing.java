package io.eventide.benchmarks;

/**
 * How long to wait before the next look at a counter that has to reach a total: half of what the
 * rate since the last look says is left, never less than a floor and never more than a ceiling. A
 * scrape of the node's {@code /metrics} costs it a few milliseconds of CPU; at a fixed 50 ms it was
 * 5% of the node's samples over a 67 s run at a million keys, charged to the run measured. Paced, a
 * long run is looked at about once a second, and the last stretch still every floor, so the end is
 * found as precisely as before.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class PollPacing {
  private PollPacing() {}

  /**
   * The wait before the next look.
   *
   * @param left how much the counter still has to grow
   * @param grown how much it grew since the last look
   * @param sinceNanos the time since the last look
   * @param lastWaitNanos the wait before the last look (0 for the first)
   */
  static long waitNanos(
      long left,
      long grown,
      long sinceNanos,
      long lastWaitNanos,
      long floorNanos,
      long ceilingNanos) {
    if (grown <= 0) {
      // No rate to go by (a pause, or a node still starting): back off, doubling from the floor.
      return Math.min(ceilingNanos, Math.max(floorNanos, 2 * lastWaitNanos));
    }
    double expected = (double) left * sinceNanos / grown;
    return Math.max(floorNanos, Math.min(ceilingNanos, (long) (expected / 2)));
  }
}
