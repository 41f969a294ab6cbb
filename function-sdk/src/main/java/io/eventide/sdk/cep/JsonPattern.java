package io.eventide.sdk.cep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.sdk.Address;
import io.eventide.sdk.TypeName;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A pattern written as JSON, the body of {@code PUT /v1/patterns/{name}}: the function type whose
 * messages it runs over ({@code input}), the steps with Flink CEP's operators and conditions as
 * field comparisons on the JSON message body, and where matches go ({@code output}). Parsing
 * validates everything and translates it into the same {@link Pattern} a Java user would write; the
 * format is documented in {@code docs/decisions/json-patterns.md}.
 *
 * <pre>{@code
 * byte[] body = Files.readAllBytes(Path.of(cwd, "big-after-small.json"));
 * JsonPattern parsed = JsonPattern.parse(body); // MalformedPatternException says what is wrong
 * TypeName input = parsed.input();               // fraud/card
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
public final class JsonPattern {
  /** The largest body, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  /** The most steps in one pattern. */
  public static final int MAX_STEPS = 32;

  /** The largest count in a quantifier. */
  public static final int MAX_TIMES = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] body;
  private final TypeName input;
  private final Pattern<JsonNode> pattern;
  private final String egress;
  private final TypeName function;
  private final String functionId;
  private final boolean timeouts;
  private final Long activeFrom;

  private JsonPattern(
      byte[] body,
      TypeName input,
      Pattern<JsonNode> pattern,
      JsonNode output,
      String where,
      Long activeFrom) {
    this.body = body;
    this.input = input;
    this.pattern = pattern;
    this.activeFrom = activeFrom;
    JsonObjects.only(output, where, "egress", "function", "timeouts");
    this.timeouts = JsonObjects.flag(output, "timeouts", where);
    if (output.has("egress") == output.has("function")) {
      throw new MalformedPatternException(
          where + ": give either \"egress\" (a name) or \"function\" (ns/type or ns/type/id)");
    }
    if (output.has("egress")) {
      this.egress = JsonObjects.text(output, "egress", where);
      this.function = null;
      this.functionId = null;
      if (egress.isEmpty() || egress.length() > 128) {
        throw new MalformedPatternException(where + ": the egress name must be 1..128 characters");
      }
    } else {
      this.egress = null;
      String target = JsonObjects.text(output, "function", where);
      String[] parts = target.split("/", 3);
      try {
        this.function = TypeName.of(parts[0], parts.length > 1 ? parts[1] : "");
        this.functionId = parts.length > 2 ? new Address(function, parts[2]).id() : null;
      } catch (IllegalArgumentException e) {
        throw new MalformedPatternException(
            where + ": function '" + target + "' must be ns/type or ns/type/id: " + e.getMessage());
      }
    }
  }

  /**
   * Parses and validates a pattern; throws {@link MalformedPatternException} saying what is wrong.
   */
  public static JsonPattern parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    if (body.length > MAX_BYTES) {
      throw new MalformedPatternException(
          "the pattern is " + body.length + " bytes; at most " + MAX_BYTES + " are allowed");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPatternException("the body is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new MalformedPatternException("the body is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPatternException("the body must be a JSON object");
    }
    JsonObjects.only(root, "pattern definition", "input", "pattern", "output", "activeFrom");
    String inputText = JsonObjects.text(root, "input", "pattern definition");
    TypeName input;
    try {
      input = TypeName.parse(inputText);
    } catch (IllegalArgumentException e) {
      throw new MalformedPatternException(
          "input '" + inputText + "' must be a function type ns/type: " + e.getMessage());
    }
    JsonNode pattern = root.get("pattern");
    if (pattern == null || !pattern.isObject()) {
      throw new MalformedPatternException("\"pattern\" must be an object with \"steps\"");
    }
    JsonNode output = root.get("output");
    if (output == null || !output.isObject()) {
      throw new MalformedPatternException(
          "\"output\" must be an object: {\"egress\": \"alerts\"} or {\"function\": \"ns/type\"}");
    }
    Long activeFrom = null;
    JsonNode from = root.get("activeFrom");
    if (from != null) {
      if (!from.isIntegralNumber() || !from.canConvertToLong()) {
        throw new MalformedPatternException(
            "\"activeFrom\" must be an event time in epoch milliseconds");
      }
      activeFrom = from.asLong();
    }
    return new JsonPattern(
        body.clone(), input, JsonSteps.translate(pattern), output, "output", activeFrom);
  }

  /** The function type whose messages (keyed by the address id) the pattern runs over. */
  public TypeName input() {
    return input;
  }

  /**
   * The translated pattern, its last step; events are the JSON message bodies. Package-private:
   * Jackson stays out of the SDK's public signatures (PublicApiTest).
   */
  Pattern<JsonNode> pattern() {
    return pattern;
  }

  /** The egress matches go to, if they go to one. */
  public java.util.Optional<String> egress() {
    return java.util.Optional.ofNullable(egress);
  }

  /**
   * The function address matches go to, if they go to a function: the configured id, else the
   * matched key.
   */
  public java.util.Optional<Address> function(String key) {
    return function == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(new Address(function, functionId != null ? functionId : key));
  }

  /** Whether timed-out partial matches are sent to the output too. */
  public boolean timeouts() {
    return timeouts;
  }

  /**
   * The event time from which new partial matches start under this version; empty: from when a key
   * first sees it.
   */
  public OptionalLong activeFrom() {
    return activeFrom == null ? OptionalLong.empty() : OptionalLong.of(activeFrom);
  }

  /** The body as it was given. */
  public byte[] body() {
    return body.clone();
  }

  static Duration window(JsonNode within) {
    if (within.isIntegralNumber() && within.canConvertToLong()) {
      return Duration.ofMillis(within.asLong());
    }
    if (within.isTextual()) {
      try {
        return Duration.parse(within.asText());
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new MalformedPatternException(
        "\"within\" must be milliseconds or an ISO-8601 duration such as \"PT10M\", was " + within);
  }

  @Override
  public String toString() {
    return "JsonPattern(" + input + ", " + pattern + ")";
  }
}
