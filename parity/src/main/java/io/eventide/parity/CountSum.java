package io.eventide.parity;

/**
 * The accumulator and result of the count-and-sum aggregate: how many values a window holds and
 * their total. Both sides of the parity test fold with these methods, so that they can only
 * disagree on which values reach which window and when it fires.
 *
 * @param count number of values
 * @param sum their sum
 */
public record CountSum(long count, long sum) {
  /** The empty accumulator. */
  public static final CountSum EMPTY = new CountSum(0, 0);

  /** This accumulator with {@code value} added. */
  public CountSum add(long value) {
    return new CountSum(count + 1, sum + value);
  }

  /** Both accumulators combined, as when two session windows merge. */
  public CountSum merge(CountSum other) {
    return new CountSum(count + other.count, sum + other.sum);
  }
}
