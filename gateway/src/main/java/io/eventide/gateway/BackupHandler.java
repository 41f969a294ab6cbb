package io.eventide.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code POST /v1/backups} with {@code {"to": "/absolute/dir"}} (admin, audited as {@code
 * backup.create}): the node writes a backup into that directory on its own host and answers 201
 * with what it wrote. A relative or malformed path is 400; the rest (a directory that is not empty,
 * a node without an embedded store, a backup already running) is the {@link Backups}' refusal.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #serve} may be called once before the server starts, the backup runs on a
 * worker thread.
 */
final class BackupHandler implements HttpHandler {
  static final int MAX_BODY_BYTES = 16 << 10;

  private volatile Backups backups;

  BackupHandler(Backups backups) {
    this.backups = backups;
  }

  void serve(Backups backups) {
    this.backups = backups;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Exchanges.receive(
        exchange,
        MAX_BODY_BYTES,
        (ex, body) -> {
          Path target = target(body);
          Audit.target(ex, target.toString());
          Exchanges.blocking(ex, worker -> Json.send(worker, 201, run(target)));
        });
  }

  private Map<String, Object> run(Path target) {
    try {
      return backups.backup(target);
    } catch (Backups.Refused e) {
      throw new ApiException(e.status(), e.code(), e.getMessage());
    } catch (IOException e) {
      throw new ApiException(
          400, "BACKUP_FAILED", "cannot write the backup to " + target + ": " + e.getMessage());
    }
  }

  /** The {@code to} directory of the request: an absolute path, normalized. */
  static Path target(byte[] body) {
    JsonNode json = Json.parseOrNull(body);
    if (json == null || !json.isObject()) {
      throw ApiException.invalid("the body must be a JSON object {\"to\": \"/absolute/dir\"}");
    }
    JsonNode to = json.get("to");
    if (to == null || !to.isTextual() || to.asText().isBlank()) {
      throw ApiException.invalid(
          "\"to\" must name the directory to write, e.g. \"/var/backups/1\"");
    }
    Path path;
    try {
      path = Path.of(to.asText());
    } catch (InvalidPathException e) {
      throw ApiException.invalid("\"to\" is not a path: " + e.getMessage());
    }
    if (!path.isAbsolute()) {
      throw ApiException.invalid(
          "\"to\" must be an absolute path on the node's host, not '"
              + Printable.quote(to.asText())
              + "'");
    }
    return path.normalize();
  }
}
