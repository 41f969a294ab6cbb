package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventide dead-letters [replay ID | delete ID | get ID]}: without arguments, lists the dead
 * letters kept, oldest first, with their errors.
 */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = {
      "List dead letters with their errors (GET /v1/dead-letters), or:",
      "  dead-letters get ID       one, with its payload",
      "  dead-letters replay ID    enqueue the message again, once, with its event time",
      "  dead-letters delete ID    discard one"
    },
    footer = {
      "",
      "Example:",
      "  eventide dead-letters --type shop/orders --limit 20",
      "  eventide dead-letters replay m3f1c2... --output json"
    })
public final class DeadLettersCommand extends ClientCommand {
  @Parameters(
      arity = "0..2",
      paramLabel = "ACTION ID",
      description = "get|replay|delete, and the dead letter's message id.")
  List<String> arguments = List.of();

  @Option(names = "--type", paramLabel = "NS/TYPE", description = "Only this function type.")
  String type;

  @Option(names = "--limit", description = "At most this many (1..1000; default 100).")
  Integer limit;

  @Option(names = "--from", paramLabel = "CURSOR", description = "After this page's next.")
  String from;

  @Mixin OutputOption output;

  @Override
  HttpAnswer run(EventideClient client) {
    if (arguments.isEmpty()) {
      List<String> query = new ArrayList<>();
      if (type != null) {
        query.add("type=" + EventideClient.segment(type));
      }
      if (limit != null) {
        query.add("limit=" + limit);
      }
      if (from != null) {
        query.add("from=" + EventideClient.segment(from));
      }
      return client.get(
          "/v1/dead-letters" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }
    if (arguments.size() != 2) {
      throw new IllegalArgumentException(
          "usage: eventide dead-letters [get ID | replay ID | delete ID]");
    }
    String path = "/v1/dead-letters/" + EventideClient.segment(arguments.get(1));
    return switch (arguments.get(0)) {
      case "get" -> client.get(path);
      case "replay" -> client.postAdmin(path + "/replay", "");
      case "delete" -> client.delete(path);
      default ->
          throw new IllegalArgumentException(
              "unknown action '" + arguments.get(0) + "': get, replay or delete");
    };
  }

  @Override
  String format(HttpAnswer answer) {
    if (output.json()) {
      return answer.text();
    }
    JsonNode body = OutputOption.parse(answer);
    String action = arguments.isEmpty() ? "list" : arguments.get(0);
    return switch (action) {
      case "replay" ->
          "replayed "
              + body.path("replayOf").asText()
              + " to "
              + body.path("target").asText()
              + " as "
              + body.path("messageId").asText()
              + "\n";
      case "delete" -> "deleted " + body.path("messageId").asText() + "\n";
      case "get" -> answer.text();
      default -> list(body);
    };
  }

  private static String list(JsonNode body) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("MESSAGE-ID", "TARGET", "ATTEMPTS", "ERROR"));
    for (JsonNode d : body.path("deadLetters")) {
      rows.add(
          List.of(
              d.path("messageId").asText(),
              d.path("target").asText(),
              d.path("attempts").asText(),
              d.path("error").path("code").asText()
                  + ": "
                  + d.path("error").path("message").asText().lines().findFirst().orElse("")));
    }
    String table = OutputOption.table(rows);
    JsonNode next = body.path("next");
    return next.isTextual() ? table + "more: --from " + next.asText() + "\n" : table;
  }
}
