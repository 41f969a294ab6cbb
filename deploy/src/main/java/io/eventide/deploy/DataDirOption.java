package io.eventide.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir}: where a process keeps its files. What lives there, and so the default,
 * depends on the command: a store to keep across restarts ({@link #orHome}), or deployed jars that
 * the store holds anyway ({@link #scratch}).
 */
final class DataDirOption {
  @Option(
      names = "--data-dir",
      defaultValue = "${env:EVENTIDE_DATA_DIR}",
      description =
          "Directory for this process's files (env EVENTIDE_DATA_DIR): standalone's store and deployed"
              + " jars (default $HOME/.eventide/data), state-service's store (default $HOME/.eventide/state), a gateway's"
              + " or worker's scratch copies of deployed jars (default: a new temporary directory).")
  Path dataDir;

  /** The directory given, else {@code $HOME/.eventide/NAME}. */
  Path orHome(String name) {
    return dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".eventide", name);
  }

  /** The temporary directory {@link #scratch} made, if it made one. */
  private TemporaryScratch temporary;

  /**
   * What removes a {@link #scratch} directory when the process stops: nothing for the directory
   * given, the whole tree for a temporary one, or every worker start would leave one behind. A
   * temporary one a killed process could not remove goes at the next start ({@link
   * TemporaryScratch}).
   */
  AutoCloseable cleanup() {
    return temporary != null ? temporary : () -> {};
  }

  /** The directory given, created, else a new temporary one. */
  Path scratch(String role) {
    if (dataDir == null) {
      temporary =
          TemporaryScratch.create(
              Path.of(System.getProperty("java.io.tmpdir")), "eventide-" + role + "-");
      return temporary.dir();
    }
    try {
      return Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the scratch directory: " + e.getMessage(), e);
    }
  }
}
