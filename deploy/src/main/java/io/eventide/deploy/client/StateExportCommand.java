package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eventide state export ns/type > FILE.ndjson}: every instance of a function type that has
 * state, one line each, {@code {"id":"...","values":{"name":<json or {"base64":...}>}}}, in id
 * order, paging through {@code GET /v1/state/ns/type?values=true}. Each page is one snapshot;
 * instances written meanwhile show as their page read them. Exit codes: 0 done, 1 the node refused
 * (what was written stays, the message says after which id to resume).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the values of every instance of a function type, one JSON line per id (NDJSON),",
      "paging through GET /v1/state/ns/type?values=true. The output is JSON lines already.",
      "",
      "Example:",
      "  eventide state export example/counter > counters.ndjson"
    })
public final class StateExportCommand implements Callable<Integer> {
  /** Instances per request: the node's most. */
  static final int PAGE = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TYPE", description = "namespace/type")
  String type;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long exported = 0;
    String after = null;
    try {
      EventideClient client = options.client();
      do {
        HttpAnswer answer = client.get(StatePages.path(type, after, PAGE, true));
        if (!answer.ok()) {
          throw new NodeAnswerException(
              "after "
                  + exported
                  + " instances"
                  + (after == null ? "" : " (last id " + after + ")"),
              answer);
        }
        JsonNode page = JSON.readTree(answer.body());
        for (JsonNode instance : page.path("instances")) {
          out.println(JSON.writeValueAsString(instance));
          exported++;
        }
        out.flush();
        after = page.hasNonNull("next") ? page.path("next").asText() : null;
      } while (after != null);
    } catch (NodeAnswerException | UncheckedIOException | IllegalArgumentException e) {
      err.println("eventide: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("eventide: unreadable answer: " + e.getMessage());
      err.flush();
      return 1;
    }
    err.println("eventide: exported " + exported + " instances of " + type);
    err.flush();
    return 0;
  }
}
