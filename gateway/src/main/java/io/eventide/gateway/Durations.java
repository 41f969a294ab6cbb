package io.eventide.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as in Eventide's flags and URLs: {@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, and {@code 7d} for retentions.
 */
public final class Durations {
  /** The longest duration, about 29 million years: any longer is not a millisecond count. */
  private static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE).withNanos(0);

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the bad text and the expected format
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "duration");
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "duration '"
              + text
              + "' must be a whole number followed by ms, s, m, h or d (e.g. 250ms, 5s, 7d)");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (duration.compareTo(MAX) > 0) {
      // Every caller works in milliseconds: longer would overflow them.
      throw new IllegalArgumentException(
          "duration '" + text + "' is longer than " + MAX.toDays() + "d");
    }
    return duration;
  }

  /** Formats {@code duration} in the largest unit that writes it exactly. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0 && millis != 0) {
      return millis / 86_400_000 + "d";
    } else if (millis % 3_600_000 == 0 && millis != 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0 && millis != 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0 && millis != 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
