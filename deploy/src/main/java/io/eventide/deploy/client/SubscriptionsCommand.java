package io.eventide.deploy.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code eventide subscriptions [create JSON | delete ID | show ID]}: Kafka subscriptions (API.md
 * "Connectors"); without arguments, lists them. JSON may be {@code @FILE}.
 */
@Command(
    name = "subscriptions",
    description =
        "List Kafka subscriptions, or: create JSON (or @FILE), show ID, delete ID"
            + " (POST/GET/DELETE /v1/subscriptions).")
public final class SubscriptionsCommand extends ClientCommand {
  @Parameters(
      arity = "0..2",
      paramLabel = "ARGS",
      description = "create JSON | show ID | delete ID")
  List<String> args = List.of();

  @Override
  HttpAnswer run(EventideClient client) throws Exception {
    return ConfigCommands.run(client, "/v1/subscriptions", args, "subscriptions");
  }

  /** Shared by the commands that manage connector configuration by name. */
  static final class ConfigCommands {
    private ConfigCommands() {}

    static HttpAnswer run(EventideClient client, String path, List<String> args, String what)
        throws Exception {
      if (args == null || args.isEmpty()) {
        return client.get(path);
      }
      if (args.size() != 2) {
        throw new IllegalArgumentException(
            what + ": expected no argument, or create JSON, show ID or delete ID");
      }
      String verb = args.get(0);
      String value = args.get(1);
      return switch (verb) {
        case "create" -> client.postJson(path, Bodies.read(value));
        case "show" -> client.get(path + "/" + encode(value));
        case "delete" -> client.delete(path + "/" + encode(value));
        default ->
            throw new IllegalArgumentException(
                what + ": unknown action '" + verb + "'; use create, show or delete");
      };
    }

    private static String encode(String segment) {
      return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
