package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/**
 * {@code eventide status}: {@code {"cluster": GET /v1/cluster, "functions": GET /v1/functions}}.
 */
@Command(name = "status", description = "Print the node's cluster view and served function types.")
public final class StatusCommand extends ClientCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  HttpAnswer run(EventideClient client) throws Exception {
    HttpAnswer cluster = client.get("/v1/cluster").requireOk("GET /v1/cluster");
    HttpAnswer functions = client.get("/v1/functions").requireOk("GET /v1/functions");
    ObjectNode both = JSON.createObjectNode();
    both.set("cluster", parse(cluster));
    both.set("functions", parse(functions));
    return new HttpAnswer(
        200, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(both));
  }

  private static JsonNode parse(HttpAnswer answer) throws Exception {
    return JSON.readTree(answer.body());
  }
}
