package io.eventide.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as in Eventide's flags and URLs: {@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}.
 */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

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
              + "' must be a whole number followed by ms, s, m or h (e.g. 250ms, 5s)");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** Formats {@code duration} in the largest unit that writes it exactly. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis != 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0 && millis != 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0 && millis != 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
