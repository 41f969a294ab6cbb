package io.eventide.sdk.cep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/** Strict reading of the objects of a {@link JsonPattern}: unknown or mistyped members fail. */
final class JsonObjects {
  private JsonObjects() {}

  /** Fails on any member of {@code json} not in {@code allowed}, naming it. */
  static void only(JsonNode json, String where, String... allowed) {
    List<String> names = List.of(allowed);
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!names.contains(name)) {
        throw new MalformedPatternException(
            where + ": unknown field '" + name + "'; expected one of " + String.join(", ", names));
      }
    }
  }

  /** The string member {@code name}, which must be there. */
  static String text(JsonNode json, String name, String where) {
    JsonNode value = json.get(name);
    if (value == null || !value.isTextual()) {
      throw new MalformedPatternException(where + ": \"" + name + "\" must be a string");
    }
    return value.asText();
  }

  /** The boolean member {@code name}, false when absent. */
  static boolean flag(JsonNode json, String name, String where) {
    JsonNode value = json.get(name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new MalformedPatternException(where + ": \"" + name + "\" must be true or false");
    }
    return value.asBoolean();
  }

  /** The integer member {@code name} in {@code [min, max]}. */
  static int integer(JsonNode value, String name, String where, int min, int max) {
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new MalformedPatternException(where + ": \"" + name + "\" must be an integer");
    }
    int n = value.asInt();
    if (n < min || n > max) {
      throw new MalformedPatternException(
          where + ": \"" + name + "\" must be " + min + ".." + max + ", was " + n);
    }
    return n;
  }
}
