package io.eventide.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON reads of node answers for the black-box tests. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode parse(HttpAnswer answer) {
    try {
      return MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "not JSON (HTTP " + answer.status() + "): " + answer.text(), e);
    }
  }

  /** The payload texts of every record of egress {@code name}. */
  static List<String> egress(EventideClient client, String name) {
    List<String> payloads = new ArrayList<>();
    long from = 0;
    while (true) {
      JsonNode page = parse(client.egress(name, from, 1000).requireOk("GET /v1/egress/" + name));
      page.path("records").forEach(record -> payloads.add(record.path("payload").asText()));
      long next = page.path("next").asLong(from);
      if (page.path("records").isEmpty() || next <= from) {
        return payloads;
      }
      from = next;
    }
  }

  /** The persisted long {@code value} of {@code address}, or -1 when it has none. */
  static long longState(EventideClient client, String address, String value) {
    JsonNode node =
        parse(client.state(address).requireOk("GET /v1/state/" + address))
            .path("values")
            .path(value);
    return node.isMissingNode() || node.isNull() ? -1 : node.asLong();
  }

  /**
   * The counts {@code bench/window-count} fired, by {@code key@start}, in firing order: one each
   * when every window fired exactly once.
   */
  static Map<String, List<Long>> windowCounts(EventideClient client) {
    Map<String, List<Long>> fired = new TreeMap<>();
    for (String payload : egress(client, "window-counts")) {
      try {
        JsonNode result = MAPPER.readTree(payload);
        fired
            .computeIfAbsent(
                result.path("key").asText() + "@" + result.path("start").asLong(),
                k -> new ArrayList<>())
            .add(result.path("count").asLong());
      } catch (IOException e) {
        throw new UncheckedIOException("a window-counts record is not JSON: " + payload, e);
      }
    }
    return fired;
  }

  /** The {@code count} of {@code example/counter/<counter>}; 0 before its first message. */
  static long counter(EventideClient client, String counter) {
    HttpAnswer answer = client.state("example/counter/" + counter);
    return answer.status() == 404
        ? 0
        : parse(answer.requireOk("state of " + counter)).path("values").path("count").asLong();
  }

  /** The counter's "counts" egress ({@code id=<counter> count=<n>}), as each counter's counts. */
  static Map<String, List<Long>> countRecords(EventideClient client) {
    Map<String, List<Long>> counts = new TreeMap<>();
    for (String record : egress(client, "counts")) {
      int space = record.lastIndexOf(" count=");
      counts
          .computeIfAbsent(record.substring("id=".length(), space), k -> new ArrayList<>())
          .add(Long.parseLong(record.substring(space + " count=".length())));
    }
    return counts;
  }
}
