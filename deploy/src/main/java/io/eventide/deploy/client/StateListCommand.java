package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventide state list ns/type [--after ID] [--limit N]}: one page of the ids of a function
 * type that have state, one a line; when there are more, a line on stderr says how to get the next
 * page. {@code --output json} prints the node's page as it is.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the ids of a function type that have state, one page (GET /v1/state/ns/type).",
      "",
      "Example:",
      "  eventide state list example/counter --limit 500",
      "  eventide state list example/counter --after alice --output json"
    })
public final class StateListCommand extends ClientCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "TYPE", description = "namespace/type")
  String type;

  @Option(names = "--after", paramLabel = "ID", description = "List the ids after this one.")
  String after;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Ids in the page, 1 to 1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Mixin OutputOption output;

  @Override
  HttpAnswer run(EventideClient client) throws Exception {
    boolean json = output.json();
    HttpAnswer answer = client.get(StatePages.path(type, after, limit, false));
    if (json || !answer.ok()) {
      return answer;
    }
    JsonNode page = JSON.readTree(answer.body());
    StringBuilder lines = new StringBuilder();
    page.path("ids").forEach(id -> lines.append(id.asText()).append('\n'));
    if (page.hasNonNull("next")) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("eventide: more after this page: --after '" + page.path("next").asText() + "'");
      err.flush();
    }
    return new HttpAnswer(200, "text/plain", lines.toString().getBytes(StandardCharsets.UTF_8));
  }
}
