package io.eventide.deploy;

import io.eventide.gateway.Durations;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One {@code --source NAME:out-of-orderness=2s,idle=30s} setting, validated before the node
 * starts. The node receives the original text (see {@link StandaloneConfig#sources()}).
 *
 * @param name the ingress source name
 * @param outOfOrderness the bounded out-of-orderness, or null when not given
 * @param idle the idle timeout, or null when not given
 */
record SourceSpec(String name, Duration outOfOrderness, Duration idle) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Parses {@code NAME:key=duration,...}; throws {@link IllegalArgumentException} on bad input. */
  static SourceSpec parse(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "source name '" + name + "' must match " + NAME.pattern() + " in '" + text + "'");
    }
    Duration outOfOrderness = null;
    Duration idle = null;
    if (colon >= 0) {
      for (String setting : text.substring(colon + 1).split(",")) {
        String[] pair = setting.split("=", 2);
        if (pair.length != 2) {
          throw new IllegalArgumentException("source setting '" + setting + "' must be key=duration in '" + text + "'");
        }
        Duration value = Durations.parse(pair[1]);
        switch (pair[0].trim()) {
          case "out-of-orderness" -> outOfOrderness = value;
          case "idle" -> idle = value;
          default -> throw new IllegalArgumentException(
              "unknown source setting '" + pair[0] + "' (known: out-of-orderness, idle) in '" + text + "'");
        }
      }
    }
    return new SourceSpec(name, outOfOrderness, idle);
  }
}
