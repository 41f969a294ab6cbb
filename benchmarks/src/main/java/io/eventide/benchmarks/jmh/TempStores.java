package io.eventide.benchmarks.jmh;

import io.eventide.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The store benchmarks' temporary directories: closed and deleted at the end of a trial. */
final class TempStores {
  private TempStores() {}

  /** Closes {@code store} and deletes {@code dir}, which held it, with everything in it. */
  static void closeAndDelete(Store store, Path dir) throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
