package io.eventide.deploy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An NDJSON file read as a stream, never loaded whole. {@link #scan} checks every line before
 * anything is sent (a malformed line fails the ingest with its line number, not half-way through)
 * and fingerprints the content; {@link #withKey} gives a line without an {@code idempotencyKey} a
 * key derived from the source, that fingerprint and the line number, so that a batch sent again
 * after an ambiguous failure (a lost answer) is applied once, and so is the whole file ingested
 * again.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; each method opens its own reader.
 */
final class NdjsonFile {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String KEY_FIELD = "idempotencyKey";

  private final Path path;

  NdjsonFile(Path path) {
    this.path = path;
  }

  /**
   * What one pass over the file found.
   *
   * @param events non-blank lines
   * @param bytes the file's size
   * @param fingerprint the first 16 hex digits of the content's SHA-256
   */
  record Scan(long events, long bytes, String fingerprint) {}

  /** A line of the file that is not one JSON object. */
  static final class MalformedLine extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedLine(Path path, long line, String why) {
      super(path + ", line " + line + ": " + why);
    }
  }

  /** Reads the whole file once: every non-blank line must be one JSON object. */
  Scan scan() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    long events = 0;
    long number = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha);
        BufferedReader lines =
            new BufferedReader(
                new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        check(line, number);
        events++;
      }
      return new Scan(
          events, Files.size(path), HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private void check(String line, long number) {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedLine(path, number, "not a JSON object");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new MalformedLine(path, number, "more than one JSON value");
      }
    } catch (IOException e) {
      throw new MalformedLine(
          path, number, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** A reader of the file's lines, for the sending pass. */
  BufferedReader open() throws IOException {
    return Files.newBufferedReader(path, StandardCharsets.UTF_8);
  }

  /**
   * {@code line} (a JSON object, see {@link #scan}) with {@code "idempotencyKey": key} added when
   * it has none at its top level; unchanged otherwise.
   */
  static String withKey(String line, String key) {
    if (hasKey(line)) {
      return line;
    }
    int brace = line.indexOf('{');
    String rest = line.substring(brace + 1);
    String field = "\"" + KEY_FIELD + "\":\"" + key + "\"";
    return "{" + field + (rest.isBlank() || rest.strip().startsWith("}") ? "" : ",") + rest;
  }

  private static boolean hasKey(String line) {
    if (!line.contains(KEY_FIELD)) {
      return false; // the common case, without parsing
    }
    try (JsonParser parser = JSON.createParser(line)) {
      parser.nextToken();
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        if (parser.currentName().equals(KEY_FIELD)) {
          return true;
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("line changed since it was checked: " + e.getMessage(), e);
    }
  }
}
