package io.eventide.sdk.cep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The conditions of a {@link JsonPattern}: comparisons of one field of the JSON message body with a
 * constant ({@code {"field": "amount", "op": ">", "value": 100}}), combined with {@code and},
 * {@code or} and {@code not}. A field is a dotted path into the body ({@code card.country}); a
 * missing field, or a value of another JSON kind than the constant's, makes a comparison false, so
 * that no event can fail a pattern's function.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; the conditions it builds are too.
 */
final class JsonConditions {
  /** The comparison operators. */
  static final Set<String> OPERATORS =
      Set.of("==", "!=", ">", ">=", "<", "<=", "in", "exists", "startsWith", "contains");

  /** The most condition nodes (comparisons and combinators) in one pattern. */
  static final int MAX_NODES = 256;

  /** The deepest nesting of combinators. */
  static final int MAX_DEPTH = 16;

  private int nodes;

  /** Parses {@code json} (at {@code where} in the pattern, for messages). */
  SimpleCondition<JsonNode> parse(JsonNode json, String where) {
    return parse(json, where, 1);
  }

  private SimpleCondition<JsonNode> parse(JsonNode json, String where, int depth) {
    if (++nodes > MAX_NODES) {
      throw new MalformedPatternException(
          "the pattern has more than " + MAX_NODES + " condition nodes");
    }
    if (depth > MAX_DEPTH) {
      throw new MalformedPatternException(
          where + ": conditions nest deeper than " + MAX_DEPTH + " levels");
    }
    if (json == null || !json.isObject()) {
      throw new MalformedPatternException(
          where
              + ": a condition must be an object such as {\"field\": \"amount\", \"op\": \">\","
              + " \"value\": 100}, or {\"and\": [...]}, {\"or\": [...]}, {\"not\": {...}}");
    }
    if (json.has("and") || json.has("or")) {
      String kind = json.has("and") ? "and" : "or";
      JsonObjects.only(json, where, kind);
      JsonNode parts = json.get(kind);
      if (!parts.isArray() || parts.isEmpty()) {
        throw new MalformedPatternException(
            where + ": \"" + kind + "\" takes a non-empty array of conditions");
      }
      List<SimpleCondition<JsonNode>> conditions = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        conditions.add(parse(parts.get(i), where + "." + kind + "[" + i + "]", depth + 1));
      }
      boolean all = kind.equals("and");
      return event -> {
        for (SimpleCondition<JsonNode> condition : conditions) {
          if (condition.filter(event) != all) {
            return !all;
          }
        }
        return all;
      };
    }
    if (json.has("not")) {
      JsonObjects.only(json, where, "not");
      SimpleCondition<JsonNode> negated = parse(json.get("not"), where + ".not", depth + 1);
      return event -> !negated.filter(event);
    }
    return comparison(json, where);
  }

  private static SimpleCondition<JsonNode> comparison(JsonNode json, String where) {
    JsonObjects.only(json, where, "field", "op", "value");
    String field = JsonObjects.text(json, "field", where);
    if (field.isEmpty() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
      throw new MalformedPatternException(
          where + ": field '" + field + "' must be a dotted path such as card.country");
    }
    String op = JsonObjects.text(json, "op", where);
    if (!OPERATORS.contains(op)) {
      throw new MalformedPatternException(
          where
              + ": unknown operator '"
              + op
              + "'; use one of == != > >= < <= in exists startsWith contains");
    }
    String pointer = "/" + field.replace("~", "~0").replace("/", "~1").replace('.', '/');
    JsonNode value = json.get("value");
    if (op.equals("exists")) {
      boolean wanted = value == null || value.asBoolean(true);
      if (value != null && !value.isBoolean()) {
        throw new MalformedPatternException(where + ": 'exists' takes true, false or no value");
      }
      return event -> !event.at(pointer).isMissingNode() == wanted;
    }
    if (value == null || value.isContainerNode() && !op.equals("in")) {
      throw new MalformedPatternException(
          where + ": operator '" + op + "' needs a \"value\" that is a number, string or boolean");
    }
    return switch (op) {
      case "==" -> event -> same(event.at(pointer), value);
      case "!=" -> event -> !event.at(pointer).isMissingNode() && !same(event.at(pointer), value);
      case "in" -> in(pointer, value, where);
      case "startsWith", "contains" -> text(pointer, op, value, where);
      default -> ordered(pointer, op, value, where);
    };
  }

  private static SimpleCondition<JsonNode> in(String pointer, JsonNode values, String where) {
    if (!values.isArray() || values.isEmpty()) {
      throw new MalformedPatternException(where + ": 'in' takes a non-empty array of values");
    }
    return event -> {
      JsonNode actual = event.at(pointer);
      for (JsonNode value : values) {
        if (same(actual, value)) {
          return true;
        }
      }
      return false;
    };
  }

  private static SimpleCondition<JsonNode> text(
      String pointer, String op, JsonNode value, String where) {
    if (!value.isTextual()) {
      throw new MalformedPatternException(where + ": '" + op + "' takes a string value");
    }
    String wanted = value.asText();
    boolean prefix = op.equals("startsWith");
    return event -> {
      JsonNode actual = event.at(pointer);
      return actual.isTextual()
          && (prefix ? actual.asText().startsWith(wanted) : actual.asText().contains(wanted));
    };
  }

  private static SimpleCondition<JsonNode> ordered(
      String pointer, String op, JsonNode value, String where) {
    if (!value.isNumber() && !value.isTextual()) {
      throw new MalformedPatternException(
          where + ": '" + op + "' compares with a number or a string, not " + value);
    }
    return event -> {
      JsonNode actual = event.at(pointer);
      int sign;
      if (value.isNumber() && actual.isNumber()) {
        sign = actual.decimalValue().compareTo(value.decimalValue());
      } else if (value.isTextual() && actual.isTextual()) {
        sign = actual.asText().compareTo(value.asText());
      } else {
        return false;
      }
      return switch (op) {
        case ">" -> sign > 0;
        case ">=" -> sign >= 0;
        case "<" -> sign < 0;
        default -> sign <= 0;
      };
    };
  }

  /** Equal as JSON values, numbers by value (so 100 equals 100.0). */
  private static boolean same(JsonNode actual, JsonNode value) {
    if (actual.isNumber() && value.isNumber()) {
      return actual.decimalValue().compareTo(value.decimalValue()) == 0;
    }
    return actual.equals(value);
  }
}
