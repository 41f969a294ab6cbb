package io.eventide.deploy.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code eventide egresses [create JSON|@FILE | delete NAME | get NAME]}: without arguments, lists
 * the configured egresses with their pending and delivered counts and last error.
 */
@Command(
    name = "egresses",
    description = {
      "List configured egresses (GET /v1/egresses), or:",
      "  egresses create JSON|@FILE   configure one (POST /v1/egresses)",
      "  egresses get NAME            show one, with pending, delivered and last error",
      "  egresses delete NAME         remove one (DELETE /v1/egresses/NAME)"
    })
public final class EgressesCommand extends ClientCommand {
  @Parameters(
      arity = "0..2",
      paramLabel = "ACTION ARG",
      description = "create|get|delete, and its argument.")
  List<String> arguments = List.of();

  @Override
  HttpAnswer run(EventideClient client) throws Exception {
    if (arguments.isEmpty()) {
      return client.get("/v1/egresses");
    }
    if (arguments.size() != 2) {
      throw new IllegalArgumentException(
          "usage: eventide egresses [create JSON|@FILE | get NAME | delete NAME]");
    }
    String argument = arguments.get(1);
    return switch (arguments.get(0)) {
      case "create" -> client.postAdmin("/v1/egresses", json(argument));
      case "get" -> client.get("/v1/egresses/" + EventideClient.segment(argument));
      case "delete" -> client.delete("/v1/egresses/" + EventideClient.segment(argument));
      default ->
          throw new IllegalArgumentException(
              "unknown action '" + arguments.get(0) + "': create, get or delete");
    };
  }

  /** The JSON given inline, or read from the file named after an {@code @}. */
  private static String json(String argument) {
    if (!argument.startsWith("@")) {
      return argument;
    }
    try {
      return Files.readString(Path.of(argument.substring(1)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + argument.substring(1) + ": " + e, e);
    }
  }
}
