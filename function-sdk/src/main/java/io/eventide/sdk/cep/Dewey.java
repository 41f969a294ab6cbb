package io.eventide.sdk.cep;

import java.util.Arrays;

/**
 * A Dewey version of a run (Flink's {@code DeweyNumber}): which branch of the NFA a partial match
 * took, so that a path through the shared buffer is followed only along edges of its own run and
 * its ancestors. Immutable.
 */
final class Dewey {
  private final int[] digits;

  private Dewey(int[] digits) {
    this.digits = digits;
  }

  static Dewey of(int... digits) {
    return new Dewey(digits.clone());
  }

  int[] digits() {
    return digits.clone();
  }

  /**
   * Whether a path of this version may follow an edge of version {@code other}: {@code other} is a
   * prefix of this, or of equal length with the same stem and a last digit no greater.
   */
  boolean isCompatibleWith(Dewey other) {
    if (digits.length > other.digits.length) {
      return Arrays.equals(digits, 0, other.digits.length, other.digits, 0, other.digits.length);
    }
    if (digits.length == other.digits.length) {
      int last = digits.length - 1;
      return Arrays.equals(digits, 0, last, other.digits, 0, last)
          && digits[last] >= other.digits[last];
    }
    return false;
  }

  Dewey increase(int times) {
    int[] next = digits.clone();
    next[next.length - 1] += times;
    return new Dewey(next);
  }

  Dewey addStage() {
    return new Dewey(Arrays.copyOf(digits, digits.length + 1));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Dewey dewey && Arrays.equals(digits, dewey.digits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digits);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < digits.length; i++) {
      text.append(i == 0 ? "" : ".").append(digits[i]);
    }
    return text.toString();
  }
}
