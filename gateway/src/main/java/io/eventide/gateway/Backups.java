package io.eventide.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What serves {@code POST /v1/backups}: the node that holds the store writes a consistent copy of
 * it into a directory on its own host. Only a node with an embedded store can; any other answers
 * with a {@link Refused} that says what to use instead ({@link #unsupported}).
 *
 * <pre>{@code
 * Backups refusing = Backups.unsupported("the store is FoundationDB: use fdbbackup");
 * refusing.backup(Path.of("/var/backups/1"));   // Backups.Refused: 409 BACKUP_UNSUPPORTED
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Implementations are called from the gateway's worker threads, possibly concurrently.
 */
@FunctionalInterface
public interface Backups {
  /**
   * Writes a backup into {@code target}, an absolute, normalized path that does not exist or is an
   * empty directory; returns what was written, as a JSON-ready map.
   *
   * @throws Refused when this node cannot or will not write it (the status and code say why)
   * @throws IOException when writing fails
   */
  Map<String, Object> backup(Path target) throws IOException;

  /** A node that cannot take backups: every request is refused with 409 and {@code message}. */
  static Backups unsupported(String message) {
    return target -> {
      throw new Refused(409, "BACKUP_UNSUPPORTED", message);
    };
  }

  /** A refusal, answered as {@code {"error":{"code":code,"message":...}}} with {@code status}. */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /** {@code status} is a 4xx; {@code code} a stable upper-case name such as {@code CONFLICT}. */
    public Refused(int status, String code, String message) {
      super(message, null, false, false);
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a refusal is a 4xx, not " + status);
      }
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }
}
