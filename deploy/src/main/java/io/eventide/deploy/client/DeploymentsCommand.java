package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code eventide deployments [versions ID | rollback ID N | delete ID]}: without arguments, lists
 * the deployments served now.
 */
@Command(
    name = "deployments",
    mixinStandardHelpOptions = true,
    description = {
      "List deployments (GET /v1/deployments), or:",
      "  deployments versions ID      the versions kept of one (by id or name), the current marked",
      "  deployments rollback ID N    serve version N again, as a new version",
      "  deployments delete ID        remove one, with every version kept of it"
    },
    footer = {
      "",
      "Example:",
      "  eventide deployments versions shop",
      "  eventide deployments rollback shop 3 --output json"
    })
public final class DeploymentsCommand extends ClientCommand {
  @Parameters(
      arity = "0..3",
      paramLabel = "ACTION ARG",
      description = "versions|rollback|delete, and their arguments.")
  List<String> arguments = List.of();

  @Mixin OutputOption output;

  @Override
  HttpAnswer run(EventideClient client) {
    if (arguments.isEmpty()) {
      return client.get("/v1/deployments");
    }
    String action = arguments.get(0);
    int expected = action.equals("rollback") ? 3 : 2;
    if (arguments.size() != expected) {
      throw new IllegalArgumentException(
          "usage: eventide deployments [versions ID | rollback ID N | delete ID]");
    }
    String id = EventideClient.segment(arguments.get(1));
    return switch (action) {
      case "versions" -> client.get("/v1/deployments/" + id + "/versions");
      case "rollback" ->
          client.postAdmin(
              "/v1/deployments/" + id + "/rollback?version=" + version(arguments.get(2)), "");
      case "delete" -> client.delete("/v1/deployments/" + id);
      default ->
          throw new IllegalArgumentException(
              "unknown action '" + action + "': versions, rollback or delete");
    };
  }

  private static int version(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version must be a number, was '" + text + "'");
    }
  }

  @Override
  String format(HttpAnswer answer) {
    if (output.json()) {
      return answer.text();
    }
    JsonNode body = OutputOption.parse(answer);
    String action = arguments.isEmpty() ? "list" : arguments.get(0);
    return switch (action) {
      case "versions" -> versions(body);
      case "rollback" ->
          "rolled "
              + body.path("name").asText()
              + " back to version "
              + body.path("rollbackOf").asInt()
              + ": now version "
              + body.path("version").asInt()
              + " ("
              + body.path("deploymentId").asText()
              + ")\n";
      case "delete" -> "deleted " + body.path("deploymentId").asText() + "\n";
      default -> list(body);
    };
  }

  private static String list(JsonNode body) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ID", "NAME", "VERSION", "FUNCTIONS"));
    for (JsonNode d : body.path("deployments")) {
      rows.add(
          List.of(
              d.path("deploymentId").asText(),
              d.path("name").asText(),
              d.path("version").asText(),
              OutputOption.join(d.path("functions"))));
    }
    return OutputOption.table(rows);
  }

  private static String versions(JsonNode body) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("VERSION", "ID", "CREATED", "CURRENT", "ROLLBACK-OF", "FUNCTIONS"));
    for (JsonNode v : body.path("versions")) {
      rows.add(
          List.of(
              v.path("version").asText(),
              v.path("deploymentId").asText(),
              java.time.Instant.ofEpochMilli(v.path("createdAt").asLong()).toString(),
              v.path("current").asBoolean() ? "*" : "",
              v.has("rollbackOf") ? v.path("rollbackOf").asText() : "",
              OutputOption.join(v.path("functions"))));
    }
    return OutputOption.table(rows);
  }
}
