package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One reading of a node for {@code eventide top}: its {@code /metrics}, its cluster view ({@code
 * GET /v1/cluster}) and its latest dead letters, and when it was taken.
 *
 * @param nanos {@link System#nanoTime()} when the metrics were read
 * @param wallMillis the wall clock then, for the age of dead letters
 */
record TopSample(
    long nanos, long wallMillis, PromText metrics, JsonNode cluster, JsonNode deadLetters) {
  /** Dead letters shown. */
  static final int DEAD_LETTERS = 3;

  /** Reads the node; a failed request throws {@link NodeAnswerException}. */
  static TopSample read(EventideClient client) {
    long nanos = System.nanoTime();
    long wall = System.currentTimeMillis();
    PromText metrics = PromText.parse(client.get("/metrics").requireOk("GET /metrics").text());
    JsonNode cluster = OutputOption.parse(client.get("/v1/cluster").requireOk("GET /v1/cluster"));
    HttpAnswer letters = client.get("/v1/dead-letters?limit=" + DEAD_LETTERS);
    // A node without the dead-letter API (an older gateway) still shows the rest.
    JsonNode deadLetters =
        letters.ok() ? OutputOption.parse(letters).path("deadLetters") : MissingNode.getInstance();
    return new TopSample(nanos, wall, metrics, cluster, deadLetters);
  }
}
