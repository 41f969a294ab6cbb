package io.eventide.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An NDJSON file cut into request bodies of at most {@code linesPerChunk} whole lines each, in file
 * order, read before any clock starts.
 */
final class NdjsonChunks {

  private final byte[][] bodies;
  private final long lines;

  private NdjsonChunks(byte[][] bodies, long lines) {
    this.bodies = bodies;
    this.lines = lines;
  }

  static NdjsonChunks read(Path file, int linesPerChunk) throws IOException {
    return split(Files.readAllBytes(file), linesPerChunk);
  }

  static NdjsonChunks split(byte[] content, int linesPerChunk) {
    if (linesPerChunk < 1) {
      throw new IllegalArgumentException("a chunk needs at least one line");
    }
    List<byte[]> bodies = new ArrayList<>();
    long lines = 0;
    int chunkStart = 0;
    int inChunk = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') {
        continue;
      }
      lines++;
      if (++inChunk == linesPerChunk) {
        bodies.add(Arrays.copyOfRange(content, chunkStart, i + 1));
        chunkStart = i + 1;
        inChunk = 0;
      }
    }
    if (chunkStart < content.length) {
      lines += content[content.length - 1] == '\n' ? 0 : 1; // a last line without its newline
      bodies.add(Arrays.copyOfRange(content, chunkStart, content.length));
    }
    return new NdjsonChunks(bodies.toArray(byte[][]::new), lines);
  }

  byte[] body(int index) {
    return bodies[index];
  }

  int count() {
    return bodies.length;
  }

  long lines() {
    return lines;
  }
}
