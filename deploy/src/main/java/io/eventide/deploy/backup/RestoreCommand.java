package io.eventide.deploy.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.OutputOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventide restore --from DIR --data-dir D}: restores a backup written by {@code eventide
 * backup} into a new data dir, offline. Exit codes: 0 restored, 1 refused or failed (the message
 * says why), 2 bad options.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a backup (written by 'eventide backup') into a new, empty data dir, offline.",
      "Then start a node on it: it continues from the backup, exactly once.",
      "",
      "Example:",
      "  eventide restore --from /var/backups/eventide/2026-12-05 --data-dir /var/lib/eventide/data",
      "  eventide standalone --data-dir /var/lib/eventide/data"
    })
public final class RestoreCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      paramLabel = "DIR",
      defaultValue = "${env:EVENTIDE_RESTORE_FROM}",
      description = "The backup directory (env EVENTIDE_RESTORE_FROM).")
  Path from;

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      defaultValue = "${env:EVENTIDE_DATA_DIR}",
      description =
          "The data dir to restore into; it must not exist or be empty, and no node may run on it"
              + " (env EVENTIDE_DATA_DIR).")
  Path dataDir;

  @Mixin OutputOption output;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    boolean json;
    try {
      json = output.json();
    } catch (IllegalArgumentException e) {
      return usage(err);
    }
    if (from == null || dataDir == null) {
      return usage(err);
    }
    Map<String, Object> restored;
    try {
      restored =
          Restore.run(from.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize());
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println("eventide: cannot restore: " + e.getMessage());
      err.flush();
      return 1;
    } catch (RuntimeException e) {
      // The store failed to open what was copied (a damaged backup, or a node holding its lock).
      err.println("eventide: cannot restore: " + e);
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(JSON.writeValueAsString(restored));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      out.println(
          "restored the backup of "
              + Instant.ofEpochMilli((Long) restored.get("createdAt"))
              + " ("
              + restored.get("keyGroups")
              + " key groups) into "
              + restored.get("dataDir")
              + "; start a node with --data-dir "
              + restored.get("dataDir"));
    }
    out.flush();
    return 0;
  }

  private static int usage(PrintWriter err) {
    err.println("eventide: restore needs --from DIR and --data-dir D; --output is text or json");
    err.flush();
    return 2;
  }
}
