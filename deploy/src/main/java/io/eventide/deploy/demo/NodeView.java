package io.eventide.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Typed reads of a node for the demo: counters' state, egress records, replies. */
final class NodeView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventideClient client;

  NodeView(EventideClient client) {
    this.client = client;
  }

  EventideClient client() {
    return client;
  }

  /** Calls {@code address} and returns the reply text; fails the demo on a non-2xx answer. */
  String call(String address, String body, String contentType) {
    HttpAnswer answer =
        client.call(address, body.getBytes(StandardCharsets.UTF_8), contentType, null);
    return require(answer, "POST /v1/call/" + address).text().strip();
  }

  /** Sends to {@code address}; fails the demo unless the node answers 202. */
  void send(String address, String body, String contentType) {
    require(
        client.send(address, body.getBytes(StandardCharsets.UTF_8), contentType, null, null),
        "POST /v1/send/" + address);
  }

  /** The persisted {@code count} of a counter, or empty when it has none yet. */
  OptionalLong count(String address) {
    JsonNode values =
        json(require(client.state(address), "GET /v1/state/" + address)).path("values");
    JsonNode count = values.path("count");
    return count.isNumber() || count.isTextual()
        ? OptionalLong.of(count.asLong())
        : OptionalLong.empty();
  }

  /** Every record of egress {@code name} (payload texts), from offset 0. */
  List<String> egress(String name) {
    List<String> payloads = new ArrayList<>();
    long from = 0;
    while (true) {
      JsonNode page = json(require(client.egress(name, from, 1000), "GET /v1/egress/" + name));
      for (JsonNode record : page.path("records")) {
        payloads.add(record.path("payload").asText());
      }
      long next = page.path("next").asLong(from);
      if (page.path("records").isEmpty() || next <= from) {
        return payloads;
      }
      from = next;
    }
  }

  static JsonNode json(HttpAnswer answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + answer.text(), e);
    }
  }

  static HttpAnswer require(HttpAnswer answer, String what) {
    if (!answer.ok()) {
      throw new DemoFailure(
          what + " answered HTTP " + answer.status() + ": " + answer.text().strip());
    }
    return answer;
  }
}
