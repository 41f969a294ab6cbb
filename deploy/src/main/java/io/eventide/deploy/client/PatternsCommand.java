package io.eventide.deploy.client;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code eventide patterns [put NAME JSON | show NAME | delete NAME]}: JSON CEP patterns attached
 * at run time ({@code /v1/patterns}); without arguments, lists them. JSON may be {@code @FILE} or
 * {@code @-} for standard input.
 */
@Command(
    name = "patterns",
    mixinStandardHelpOptions = true,
    description = {
      "List the JSON patterns attached (GET /v1/patterns), or:",
      "  patterns put NAME JSON    attach NAME, or change it to a new version (JSON or @FILE)",
      "  patterns show NAME        its current version and every version kept",
      "  patterns delete NAME      detach it"
    },
    footer = {"", "Example:", "  eventide patterns put card-fraud @card-fraud.json"})
public final class PatternsCommand extends ClientCommand {
  @Parameters(
      arity = "0..3",
      paramLabel = "ACTION ARG",
      description = "put|show|delete, and their arguments.")
  List<String> arguments = List.of();

  @Override
  HttpAnswer run(EventideClient client) {
    if (arguments.isEmpty()) {
      return client.get("/v1/patterns");
    }
    String action = arguments.get(0);
    if (arguments.size() != (action.equals("put") ? 3 : 2)) {
      throw new IllegalArgumentException(
          "usage: eventide patterns [put NAME JSON | show NAME | delete NAME]");
    }
    String path = "/v1/patterns/" + EventideClient.segment(arguments.get(1));
    return switch (action) {
      case "put" -> client.put(path, Bodies.read(arguments.get(2)));
      case "show" -> client.get(path);
      case "delete" -> client.delete(path);
      default ->
          throw new IllegalArgumentException(
              "unknown action '" + action + "': put, show or delete");
    };
  }
}
