package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --output text|json}: a table for people (the default), or the node's JSON answer as it is,
 * for scripts.
 */
public final class OutputOption {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description =
          "text (a table, the default) or json (the node's answer as it is, for scripts).")
  String output;

  /** True for {@code json}; IllegalArgumentException for anything but text and json. */
  public boolean json() {
    return switch (output) {
      case "json" -> true;
      case "text" -> false;
      default -> throw new IllegalArgumentException("--output must be text or json, not " + output);
    };
  }

  /** The answer's body as JSON. */
  static JsonNode parse(HttpAnswer answer) {
    try {
      return MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException("the node's answer is not JSON: " + e.getMessage(), e);
    }
  }

  /** The texts of a JSON array, comma-separated. */
  static String join(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(item.asText()));
    return String.join(",", items);
  }

  /** Rows as columns padded to their widest cell, the first row being the header. */
  static String table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        out.append(cell);
        if (i < columns - 1) {
          out.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }
}
