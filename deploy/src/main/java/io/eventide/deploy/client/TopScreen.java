package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code eventide top}'s screen: {@link TopFigures} laid out in lines no wider than the terminal,
 * as {@code top} does, the node's figures first, then a table of functions, the sources with their
 * watermarks, the busiest key groups and the latest dead letters. "-" stands for a figure not known
 * (yet).
 */
final class TopScreen {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private TopScreen() {}

  static List<String> lines(String url, JsonNode f, int width) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "eventide top - "
            + url
            + " - "
            + f.path("mode").asText()
            + ", "
            + f.path("nodes").asInt()
            + " node(s), "
            + f.path("keyGroups").asInt()
            + " key groups - "
            + CLOCK.format(Instant.ofEpochMilli(f.path("time").asLong()))
            + "   (q quits)");
    lines.add(
        "processed "
            + count(f.path("processedTotal"))
            + " total, "
            + rate(f.path("processedPerSecond"))
            + "   ingested "
            + rate(f.path("ingestedPerSecond"))
            + "   backlog "
            + count(f.path("backlog"))
            + "   dead letters "
            + count(f.path("deadLettersTotal"))
            + "   commit "
            + millis(f.path("commitMeanMillis")));
    lines.add("");
    List<List<String>> functions = new ArrayList<>();
    functions.add(List.of("FUNCTION", "INVOCATIONS", "PER SECOND", "MEAN", "MAX", "FAILURES"));
    for (JsonNode fn : f.path("functions")) {
      functions.add(
          List.of(
              fn.path("type").asText(),
              count(fn.path("invocations")),
              rate(fn.path("invocationsPerSecond")),
              millis(fn.path("meanMillis")),
              millis(fn.path("maxMillis")),
              count(fn.path("failures"))));
    }
    table(lines, functions);
    lines.add("");
    List<List<String>> sources = new ArrayList<>();
    sources.add(List.of("SOURCE", "WATERMARK", "LAG", "STATE"));
    for (JsonNode s : f.path("sources")) {
      sources.add(
          List.of(
              s.path("name").asText(),
              watermark(s.path("watermark")),
              lag(s.path("lagSeconds")),
              s.path("finished").asBoolean()
                  ? "finished"
                  : s.path("idle").asBoolean() ? "idle" : "active"));
    }
    table(lines, sources);
    lines.add("");
    StringBuilder busy = new StringBuilder("busy key groups (backlog):");
    for (JsonNode g : f.path("busyKeyGroups")) {
      busy.append("  ").append(g.path("keyGroup").asInt()).append(':');
      busy.append(String.format(Locale.ROOT, "%,d", g.path("backlog").asLong()));
    }
    lines.add(f.path("busyKeyGroups").isEmpty() ? busy + "  none" : busy.toString());
    lines.add("latest dead letters:" + (f.path("deadLetters").isEmpty() ? "  none" : ""));
    for (JsonNode d : f.path("deadLetters")) {
      long age = Math.max(0, f.path("time").asLong() - d.path("deadLetteredAt").asLong());
      lines.add(
          "  "
              + d.path("target").asText()
              + "  "
              + d.path("error").path("code").asText()
              + "  "
              + ago(age)
              + "  "
              + d.path("error").path("message").asText());
    }
    return lines.stream().map(line -> clip(line, width)).toList();
  }

  private static void table(List<String> lines, List<List<String>> rows) {
    for (String row : OutputOption.table(rows).split("\n")) {
      lines.add(row.stripTrailing());
    }
  }

  private static String clip(String line, int width) {
    return line.length() <= width ? line : line.substring(0, Math.max(0, width));
  }

  static String count(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%,d", n.asLong()) : "-";
  }

  static String rate(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%,.1f/s", n.asDouble()) : "-/s";
  }

  static String millis(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.1f ms", n.asDouble()) : "-";
  }

  static String watermark(JsonNode n) {
    if (!n.isNumber() || n.asLong() == Long.MIN_VALUE) {
      return "none";
    }
    if (n.asLong() == Long.MAX_VALUE) {
      return "end of input";
    }
    return Instant.ofEpochMilli(n.asLong()).toString();
  }

  static String lag(JsonNode n) {
    return n.isNumber() ? ago((long) (n.asDouble() * 1000)) : "-";
  }

  /** A duration in the largest unit that keeps it short: 850 ms, 12.3 s, 45 m, 5.2 h, 12 d. */
  static String ago(long millis) {
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 120_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (millis < 7_200_000) {
      return millis / 60_000 + " m";
    }
    if (millis < 172_800_000) {
      return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }
    return String.format(Locale.ROOT, "%,d d", millis / 86_400_000);
  }
}
