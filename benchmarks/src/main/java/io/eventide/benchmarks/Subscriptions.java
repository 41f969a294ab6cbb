package io.eventide.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Kafka subscriptions of the node under test, through its API: {@code POST /v1/subscriptions},
 * {@code GET} and {@code DELETE /v1/subscriptions/{id}}.
 *
 * <h2>Thread safety</h2>
 *
 * Safe for concurrent use (the pool is; the mapper is thread-safe once configured).
 */
final class Subscriptions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpPool pool;

  Subscriptions(HttpPool pool) {
    this.pool = pool;
  }

  /**
   * Subscribes {@code target} to {@code kafka://cluster/topic} as {@code name}; {@code extra} holds
   * further fields such as {@code outOfOrderness}. Throws unless the node answered 201.
   */
  void create(String name, String cluster, String topic, String target, Map<String, String> extra) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name).put("source", "kafka://" + cluster + "/" + topic).put("target", target);
    extra.forEach(body::put);
    Response response;
    try {
      response =
          Probes.await(
              pool.submit(
                  Request.post(
                      "/v1/subscriptions", "application/json", JSON.writeValueAsBytes(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (response.status() != 201) {
      throw new IllegalStateException(
          "POST /v1/subscriptions answered " + response.status() + ": " + response.text());
    }
  }

  /** The sum of the subscription's partition offsets: the records it has taken. */
  long taken(String name) {
    JsonNode view = view(name);
    long sum = 0;
    for (JsonNode partition : view.path("partitions")) {
      sum += partition.path("offset").asLong();
    }
    return sum;
  }

  /** The subscription as {@code GET /v1/subscriptions/{id}} shows it. */
  JsonNode view(String name) {
    Response response = Probes.await(pool.submit(Request.get("/v1/subscriptions/" + name)));
    if (!response.isSuccess()) {
      throw new IllegalStateException(
          "GET /v1/subscriptions/"
              + name
              + " answered "
              + response.status()
              + ": "
              + response.text());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable subscription " + response.text(), e);
    }
  }

  void delete(String name) {
    Response response =
        Probes.await(
            pool.submit(
                new Request("DELETE", "/v1/subscriptions/" + name, null, new byte[0], Map.of())));
    if (!response.isSuccess()) {
      throw new IllegalStateException(
          "DELETE /v1/subscriptions/"
              + name
              + " answered "
              + response.status()
              + ": "
              + response.text());
    }
  }
}
