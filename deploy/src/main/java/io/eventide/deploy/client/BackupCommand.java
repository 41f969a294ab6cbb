package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code eventide backup --to DIR}: asks a running standalone node ({@code POST /v1/backups}) to
 * write a consistent backup of everything it keeps into {@code DIR}, on the node's host, while it
 * goes on serving. The node writes it because only the process holding the store may open it.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up a running standalone node while it serves (POST /v1/backups): a RocksDB checkpoint",
      "of its store and a manifest, written by the node into DIR on its own host. DIR must be",
      "absolute, and new or empty. Restore it with 'eventide restore'.",
      "",
      "Example:",
      "  eventide backup --to /var/backups/eventide/2026-12-05 --admin-token $TOKEN"
    })
public final class BackupCommand extends ClientCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--to",
      paramLabel = "DIR",
      required = true,
      description = "Absolute directory on the node's host; it must not exist or be empty.")
  String to;

  @Mixin OutputOption output;

  @Override
  HttpAnswer run(EventideClient client) throws Exception {
    boolean json = output.json();
    if (!Path.of(to).isAbsolute()) {
      throw new IllegalArgumentException(
          "--to must be an absolute path: the node writes it on its own host, not '" + to + "'");
    }
    HttpAnswer answer = client.postAdmin("/v1/backups", JSON.writeValueAsString(Map.of("to", to)));
    if (json || !answer.ok()) {
      return answer;
    }
    JsonNode written = JSON.readTree(answer.body());
    String text =
        "backup written to "
            + written.path("to").asText()
            + ": "
            + written.path("files").asLong()
            + " files, "
            + written.path("bytes").asLong()
            + " bytes, "
            + written.path("keyGroups").asInt()
            + " key groups, in "
            + written.path("millis").asLong()
            + " ms\n";
    return new HttpAnswer(answer.status(), "text/plain", text.getBytes(StandardCharsets.UTF_8), "");
  }
}
