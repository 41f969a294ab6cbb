package io.eventide.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.sdk.Address;
import io.eventide.sdk.TypeName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses an NDJSON ingress batch, one event a line: {@code
 * {"target":"ns/type/id","eventTime":ms,"payload":<json>,"idempotencyKey":"..."}}. Blank lines are
 * skipped; {@code eventTime} and {@code idempotencyKey} are optional; unknown fields are ignored.
 * The payload is passed compactly, as written when it already is, as {@code application/json}. Uses
 * Jackson's streaming parser, since this is the bulk path. Any error is a 400 naming the line.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one instance per batch (it reuses one output buffer across lines).
 */
final class NdjsonParser {
  static final String PAYLOAD_TYPE = "application/json";

  /** The parsed events with their 1-based line numbers, for later per-event errors. */
  record Batch(List<IngressMessage> events, int[] lines) {}

  private final JsonFactory factory;
  private final int maxEvents;
  private final int maxPayloadBytes;
  private final ByteArrayBuilder out = new ByteArrayBuilder(256);

  /** The last target's {@code namespace/type/} and its type: most lines share them. */
  private String lastPrefix = "";

  private TypeName lastType;

  /** The body being parsed, whose compact payloads are taken as written. */
  private byte[] body;

  /** {@code maxPayloadBytes}: the message limit, which a payload is held to as a body is. */
  NdjsonParser(JsonFactory factory, int maxEvents, int maxPayloadBytes) {
    this.factory = factory;
    this.maxEvents = maxEvents;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * Parses all of {@code body}; throws a 400/413 {@link ApiException} naming the first bad line.
   * One streaming parser runs over the whole body (cheaper than one per line); the line rule of
   * NDJSON is enforced from token locations: each event starts on a new line and ends on it.
   */
  Batch parse(byte[] body) {
    this.body = body;
    List<IngressMessage> events = new ArrayList<>();
    int[] lines = new int[16];
    int line = 0;
    try (JsonParser parser = factory.createParser(body);
        JsonGenerator generator = factory.createGenerator(out)) {
      generator.setRootValueSeparator(null);
      int previous = 0;
      JsonToken token;
      while ((token = nextOrFail(parser, previous)) != null) {
        line = parser.currentTokenLocation().getLineNr();
        if (line == previous) {
          throw lineError(line, "unexpected content after the event object on the same line");
        } else if (token != JsonToken.START_OBJECT) {
          throw lineError(line, "expected a JSON object");
        } else if (events.size() == maxEvents) {
          throw ApiException.tooLarge("a batch holds at most " + maxEvents + " events");
        }
        events.add(readEvent(parser, generator, line));
        if (parser.currentLocation().getLineNr() != line) {
          throw lineError(line, "an event must be one JSON object on one line");
        }
        if (events.size() > lines.length) {
          lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[events.size() - 1] = line;
        previous = line;
      }
    } catch (JsonProcessingException e) {
      // Inside an event, blame the line it started on (an unterminated object fails at EOF).
      int at =
          line > 0 && e.getLocation() != null ? Math.min(line, e.getLocation().getLineNr()) : 0;
      throw lineError(at > 0 ? at : line + 1, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw lineError(line, "unreadable: " + e.getMessage());
    }
    return new Batch(events, Arrays.copyOf(lines, events.size()));
  }

  /** The next root token; a syntax error between events is blamed on the line it occurs on. */
  private static JsonToken nextOrFail(JsonParser parser, int previous) throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      int at = e.getLocation() == null ? previous + 1 : e.getLocation().getLineNr();
      throw lineError(at, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  private IngressMessage readEvent(JsonParser parser, JsonGenerator generator, int line)
      throws IOException {
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
        case "payload" -> payload = payload(parser, value, generator, line);
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
        address.type().namespace(),
        address.type().name(),
        address.id(),
        payload,
        PAYLOAD_TYPE,
        eventTime,
        key);
  }

  /**
   * The payload as written when it is already compact: a scalar, or an object or array without a
   * whitespace byte, as generated NDJSON mostly is. Anything else is re-serialized compactly.
   * Either way the parser has read the value through, so it is valid JSON.
   */
  private byte[] payload(JsonParser parser, JsonToken value, JsonGenerator generator, int line)
      throws IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    int end;
    if (value.isStructStart()) {
      parser.skipChildren();
      end = (int) parser.currentTokenLocation().getByteOffset() + 1; // its closing bracket
    } else {
      end = scalarEnd(start, value == JsonToken.VALUE_STRING, line);
    }
    byte[] payload =
        value.isStructStart() && hasWhitespace(start, end)
            ? compacted(start, end, generator)
            : Arrays.copyOfRange(body, start, end);
    if (payload.length > maxPayloadBytes) {
      throw ApiException.tooLarge(
          "line "
              + line
              + ": a payload of "
              + payload.length
              + " bytes is over the limit of "
              + maxPayloadBytes
              + " bytes of one message");
    }
    return payload;
  }

  /**
   * Where the scalar starting at {@code start} ends: after its closing quote, or at the delimiter.
   * The parser has not read a string token through yet, so its end is checked here.
   */
  private int scalarEnd(int start, boolean string, int line) {
    int i = start + 1;
    if (string) {
      while (i < body.length && body[i] != '"') {
        i += body[i] == '\\' ? 2 : 1;
      }
      if (i >= body.length) {
        throw lineError(line, "malformed JSON: the payload string is not terminated");
      }
      return i + 1;
    }
    while (i < body.length && !isDelimiter(body[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDelimiter(byte b) {
    return b == ',' || b == '}' || b == ']' || isWhitespace(b);
  }

  private boolean hasWhitespace(int start, int end) {
    for (int i = start; i < end; i++) {
      if (isWhitespace(body[i])) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private byte[] compacted(int start, int end, JsonGenerator generator) throws IOException {
    out.reset();
    try (JsonParser value = factory.createParser(body, start, end - start)) {
      value.nextToken();
      generator.copyCurrentStructure(value);
    }
    generator.flush();
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

  private Address address(String target, int line) {
    try {
      // The same validated type for every line that shares it: one string per id, none per type.
      if (lastType != null
          && target.length() > lastPrefix.length()
          && target.startsWith(lastPrefix)) {
        return new Address(lastType, target.substring(lastPrefix.length()));
      }
      Address address = Address.parse(target);
      lastType = address.type();
      lastPrefix = lastType.namespace() + "/" + lastType.name() + "/";
      return address;
    } catch (IllegalArgumentException e) {
      throw lineError(line, "bad target '" + target + "': " + e.getMessage());
    }
  }

  static ApiException lineError(int line, String message) {
    return ApiException.invalid("line " + line + ": " + message);
  }
}
