package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code eventide top} shows, computed from two readings a refresh apart: rates and mean
 * latencies over that interval (null on the first reading, which has no interval), totals and
 * gauges as read. One JSON object, which {@code --output json} prints as it is and {@link
 * TopScreen} lays out for people. Figures the node's metrics do not hold (a cluster gateway's
 * {@code /metrics} has no dispatcher counters) are null.
 */
final class TopFigures {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Busy key groups shown, the most backlogged first. */
  static final int BUSY_KEY_GROUPS = 8;

  private TopFigures() {}

  static ObjectNode of(TopSample previous, TopSample current) {
    PromText now = current.metrics();
    PromText before = previous == null ? null : previous.metrics();
    double seconds =
        previous == null ? Double.NaN : (current.nanos() - previous.nanos()) / 1_000_000_000.0;
    ObjectNode out = JSON.createObjectNode();
    out.put("time", current.wallMillis());
    JsonNode cluster = current.cluster();
    out.put("mode", cluster.path("mode").asText("standalone"));
    out.put("nodes", cluster.path("nodes").size());
    out.put("keyGroups", cluster.path("keyGroups").asInt());
    number(out, "processedTotal", now.value("eventide_messages_processed_total"));
    number(
        out, "processedPerSecond", rate(before, now, "eventide_messages_processed_total", seconds));
    number(
        out,
        "ingestedPerSecond",
        rate(before, now, "eventide_gateway_ingress_events_total", seconds));
    number(out, "backlog", cluster.path("backlog").asDouble(now.value("eventide_backlog")));
    number(out, "deadLettersTotal", now.value("eventide_messages_dead_lettered_total"));
    number(out, "commitMeanMillis", mean(before, now, "eventide_batch_commit_seconds"));
    out.set("functions", functions(before, now, seconds));
    out.set("sources", sources(cluster, now));
    out.set("busyKeyGroups", busy(cluster));
    out.set(
        "deadLetters",
        current.deadLetters().isArray() ? current.deadLetters() : JSON.createArrayNode());
    return out;
  }

  private static ArrayNode functions(PromText before, PromText now, double seconds) {
    String metric = "eventide_worker_invocation_duration_seconds";
    Map<String, Double> counts = now.byLabel(metric + "_count", "type");
    Map<String, Double> sums = now.byLabel(metric + "_sum", "type");
    Map<String, Double> maxes = now.byLabel(metric + "_max", "type");
    Map<String, Double> failures = now.byLabel("eventide_worker_failures_total", "type");
    Map<String, Double> countsBefore =
        before == null ? Map.of() : before.byLabel(metric + "_count", "type");
    Map<String, Double> sumsBefore =
        before == null ? Map.of() : before.byLabel(metric + "_sum", "type");
    ArrayNode out = JSON.createArrayNode();
    for (String type : new TreeSet<>(counts.keySet())) {
      ObjectNode f = out.addObject();
      f.put("type", type);
      double count = counts.get(type);
      f.put("invocations", (long) count);
      if (before != null) {
        double delta = count - countsBefore.getOrDefault(type, 0.0);
        number(f, "invocationsPerSecond", delta / seconds);
        double time = sums.getOrDefault(type, 0.0) - sumsBefore.getOrDefault(type, 0.0);
        number(f, "meanMillis", delta > 0 ? time * 1000 / delta : Double.NaN);
      } else {
        f.putNull("invocationsPerSecond");
        f.putNull("meanMillis");
      }
      number(f, "maxMillis", maxes.getOrDefault(type, Double.NaN) * 1000);
      f.put("failures", failures.getOrDefault(type, 0.0).longValue());
    }
    return out;
  }

  private static ArrayNode sources(JsonNode cluster, PromText now) {
    Map<String, Double> lags = now.byLabel("eventide_source_watermark_lag_seconds", "source");
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode source : cluster.path("sources")) {
      ObjectNode s = out.addObject();
      String name = source.path("name").asText();
      s.put("name", name);
      s.set("watermark", source.path("watermark"));
      number(s, "lagSeconds", lags.getOrDefault(name, Double.NaN));
      s.put("idle", source.path("idle").asBoolean());
      s.put("finished", source.path("finished").asBoolean());
    }
    return out;
  }

  private static ArrayNode busy(JsonNode cluster) {
    List<JsonNode> groups = new ArrayList<>();
    cluster.path("busyKeyGroups").forEach(groups::add);
    groups.sort((a, b) -> Long.compare(b.path("backlog").asLong(), a.path("backlog").asLong()));
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode group : groups.subList(0, Math.min(BUSY_KEY_GROUPS, groups.size()))) {
      ObjectNode g = out.addObject();
      g.put("keyGroup", group.path("keyGroup").asInt());
      g.put("backlog", group.path("backlog").asLong());
      g.put("owner", group.path("owner").asText());
    }
    return out;
  }

  private static double rate(PromText before, PromText now, String name, double seconds) {
    return before == null ? Double.NaN : (now.value(name) - before.value(name)) / seconds;
  }

  /** Mean of a timer over the interval, in ms: its sum's growth over its count's. */
  private static double mean(PromText before, PromText now, String timer) {
    if (before == null) {
      return Double.NaN;
    }
    double count = now.value(timer + "_count") - before.value(timer + "_count");
    double sum = now.value(timer + "_sum") - before.value(timer + "_sum");
    return count > 0 ? sum * 1000 / count : Double.NaN;
  }

  /** {@code value}, or null when it is not a number (not measured, or no interval yet). */
  private static void number(ObjectNode node, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
