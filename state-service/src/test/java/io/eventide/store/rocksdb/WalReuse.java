package io.eventide.store.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a store's RocksDB info log says about its reuse of obsolete WAL files. */
final class WalReuse {
  private WalReuse() {}

  /** How many times the store in {@code dir} took a WAL file from its recycle list. */
  static long count(Path dir) throws IOException {
    Path log = dir.resolve("LOG");
    if (!Files.exists(log)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return lines.filter(line -> line.contains("from recycle list")).count();
    }
  }
}
