package io.eventide.deploy;

import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.gateway.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code --source NAME:out-of-orderness=2s,idle=30s[,watermarks=explicit]} setting, validated
 * before the node starts. The node receives the original text (see {@link
 * StandaloneConfig#sources()}).
 *
 * @param name the ingress source name
 * @param outOfOrderness the bounded out-of-orderness, or null when not given
 * @param idle the idle timeout, or null when not given
 * @param explicit only posted watermarks move the source's watermark
 */
record SourceOption(String name, Duration outOfOrderness, Duration idle, boolean explicit) {
  /** The dispatcher's settings for every source in {@code texts}; a later one for a name wins. */
  static Map<String, SourceSettings> settings(List<String> texts) {
    Map<String, SourceSettings> settings = new LinkedHashMap<>();
    for (String text : texts) {
      SourceOption spec = parse(text.trim());
      settings.put(
          spec.name(), SourceSettings.of(spec.outOfOrderness(), spec.idle(), spec.explicit()));
    }
    return settings;
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Parses {@code NAME:key=duration,...}; throws {@link IllegalArgumentException} on bad input. */
  static SourceOption parse(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "source name '" + name + "' must match " + NAME.pattern() + " in '" + text + "'");
    }
    Duration outOfOrderness = null;
    Duration idle = null;
    boolean explicit = false;
    if (colon >= 0) {
      for (String setting : text.substring(colon + 1).split(",")) {
        String[] pair = setting.split("=", 2);
        if (pair.length != 2) {
          throw new IllegalArgumentException(
              "source setting '" + setting + "' must be key=value in '" + text + "'");
        }
        switch (pair[0].trim()) {
          case "out-of-orderness" -> outOfOrderness = Durations.parse(pair[1]);
          case "idle" -> idle = Durations.parse(pair[1]);
          case "watermarks" ->
              explicit =
                  switch (pair[1].trim()) {
                    case "explicit" -> true;
                    case "bounded" -> false;
                    default ->
                        throw new IllegalArgumentException(
                            "watermarks must be 'bounded' or 'explicit', was '"
                                + pair[1]
                                + "' in '"
                                + text
                                + "'");
                  };
          default ->
              throw new IllegalArgumentException(
                  "unknown source setting '"
                      + pair[0]
                      + "' (known: out-of-orderness, idle, watermarks) in '"
                      + text
                      + "'");
        }
      }
    }
    return new SourceOption(name, outOfOrderness, idle, explicit);
  }
}
