package io.eventide.benchmarks.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Reads the {@code target} and {@code eventTime} of an NDJSON ingest line, {@code
 * {"target":"ns/type/id","eventTime":ms,"payload":...}}, with Jackson's streaming parser (every
 * field is tokenized, as Eventide's gateway does; the payload is skipped, since counting ignores
 * it).
 */
final class ParseEvent implements MapFunction<String, Event> {

  private static final long serialVersionUID = 1L;

  // Thread-safe once configured; shared by every parallel instance in the JVM.
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public Event map(String line) throws IOException {
    return parse(line);
  }

  static Event parse(String line) throws IOException {
    String target = null;
    long eventTime = Long.MIN_VALUE;
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object: " + line);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "target" -> target = parser.getText();
          case "eventTime" -> eventTime = parser.getLongValue();
          default -> parser.skipChildren();
        }
      }
    }
    if (target == null || eventTime == Long.MIN_VALUE) {
      throw new IOException("an event needs a target and an eventTime: " + line);
    }
    return new Event(idOf(target, line), eventTime);
  }

  /** {@code ns/type/id} → {@code id}; the id may itself contain slashes. */
  private static String idOf(String target, String line) throws IOException {
    int first = target.indexOf('/');
    int second = first < 0 ? -1 : target.indexOf('/', first + 1);
    if (second < 0 || second == target.length() - 1) {
      throw new IOException("target is not ns/type/id: " + line);
    }
    return target.substring(second + 1);
  }
}
