package io.eventide.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.eventide.dispatcher.IngressMessage;
import io.eventide.sdk.Address;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses an NDJSON ingress batch, one event a line:
 * {@code {"target":"ns/type/id","eventTime":ms,"payload":<json>,"idempotencyKey":"..."}}. Blank
 * lines are skipped; {@code eventTime} and {@code idempotencyKey} are optional; unknown fields are
 * ignored. The payload is re-serialized compactly and passed as {@code application/json}. Uses
 * Jackson's streaming parser, since this is the bulk path. Any error is a 400 naming the line.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe: one instance per batch (it reuses one output buffer across lines).
 */
final class NdjsonParser {
  static final String PAYLOAD_TYPE = "application/json";

  /** The parsed events with their 1-based line numbers, for later per-event errors. */
  record Batch(List<IngressMessage> events, int[] lines) {}

  private final JsonFactory factory;
  private final int maxEvents;
  private final ByteArrayBuilder out = new ByteArrayBuilder(256);

  NdjsonParser(JsonFactory factory, int maxEvents) {
    this.factory = factory;
    this.maxEvents = maxEvents;
  }

  /** Parses all of {@code body}; throws a 400/413 {@link ApiException} naming the first bad line. */
  Batch parse(byte[] body) {
    List<IngressMessage> events = new ArrayList<>();
    int[] lines = new int[16];
    int line = 0;
    int start = 0;
    while (start < body.length) {
      int end = indexOf(body, (byte) '\n', start);
      line++;
      int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
      if (!isBlank(body, start, stop)) {
        if (events.size() == maxEvents) {
          throw ApiException.tooLarge("a batch holds at most " + maxEvents + " events");
        }
        events.add(parseLine(body, start, stop - start, line));
        if (events.size() > lines.length) {
          lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[events.size() - 1] = line;
      }
      start = end + 1;
    }
    return new Batch(events, Arrays.copyOf(lines, events.size()));
  }

  private IngressMessage parseLine(byte[] body, int offset, int length, int line) {
    try (JsonParser parser = factory.createParser(body, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw lineError(line, "expected a JSON object");
      }
      IngressMessage event = readEvent(parser, line);
      if (parser.nextToken() != null) {
        throw lineError(line, "unexpected content after the event object");
      }
      return event;
    } catch (JsonProcessingException e) {
      throw lineError(line, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw lineError(line, "unreadable: " + e.getMessage());
    }
  }

  private IngressMessage readEvent(JsonParser parser, int line) throws IOException {
    String target = null;
    long eventTime = IngressMessage.INGESTION_TIME;
    String key = null;
    byte[] payload = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "target" -> target = text(parser, value, line, "target");
        case "idempotencyKey" -> key = text(parser, value, line, "idempotencyKey");
        case "eventTime" -> eventTime = eventTime(parser, value, line);
        case "payload" -> payload = copyValue(parser);
        default -> parser.skipChildren();
      }
    }
    if (target == null) {
      throw lineError(line, "missing \"target\" (\"namespace/type/id\")");
    }
    if (payload == null) {
      throw lineError(line, "missing \"payload\"");
    }
    Address address = address(target, line);
    try {
      MessageHeaders.checkIdempotencyKey(key, "idempotencyKey");
    } catch (ApiException e) {
      throw lineError(line, e.getMessage());
    }
    return new IngressMessage(
        address.type().namespace(), address.type().name(), address.id(), payload, PAYLOAD_TYPE, eventTime, key);
  }

  private byte[] copyValue(JsonParser parser) throws IOException {
    out.reset();
    try (JsonGenerator generator = factory.createGenerator(out)) {
      generator.copyCurrentStructure(parser);
    }
    return out.toByteArray();
  }

  private static String text(JsonParser parser, JsonToken value, int line, String field)
      throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw lineError(line, "\"" + field + "\" must be a string");
    }
    return parser.getText();
  }

  private static long eventTime(JsonParser parser, JsonToken value, int line) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return IngressMessage.INGESTION_TIME;
    }
    if (value != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() < 0) {
      throw lineError(line, "\"eventTime\" must be epoch milliseconds as a non-negative integer");
    }
    return parser.getLongValue();
  }

  private static Address address(String target, int line) {
    try {
      return Address.parse(target);
    } catch (IllegalArgumentException e) {
      throw lineError(line, "bad target '" + target + "': " + e.getMessage());
    }
  }

  static ApiException lineError(int line, String message) {
    return ApiException.invalid("line " + line + ": " + message);
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return bytes.length;
  }

  private static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
