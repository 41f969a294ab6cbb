package io.eventide.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.EgressStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of {@code /v1/egresses}: a request body to an {@link EgressSpec} (every field checked,
 * unknown ones refused so that a misspelt field is not silently ignored), and a status to its
 * answer. Configured header values are not shown back: they often hold credentials.
 */
final class EgressSpecs {
  private static final Set<String> FIELDS =
      Set.of("name", "kind", "cluster", "topic", "url", "headers", "timeout");

  private EgressSpecs() {}

  static EgressSpec parse(byte[] body) {
    JsonNode node = Json.parseOrNull(body);
    if (node == null || !node.isObject()) {
      throw ApiException.invalid(
          "an egress is a JSON object, e.g. {\"name\":\"hooks\",\"kind\":\"http\",\"url\":\"http://...\"}");
    }
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                throw ApiException.invalid(
                    "unknown field '" + Printable.quote(field) + "'; fields are " + FIELDS);
              }
            });
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode given = node.get("headers");
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        throw ApiException.invalid("headers must be an object of strings");
      }
      given
          .properties()
          .forEach(
              e -> {
                if (!e.getValue().isTextual()) {
                  throw ApiException.invalid(
                      "header '" + Printable.quote(e.getKey()) + "' must have a string value");
                }
                headers.put(e.getKey(), e.getValue().asText());
              });
    }
    String timeout = text(node, "timeout");
    try {
      Duration parsed = timeout == null ? null : Durations.parse(timeout);
      return new EgressSpec(
          text(node, "name"),
          text(node, "kind"),
          text(node, "cluster"),
          text(node, "topic"),
          text(node, "url"),
          headers,
          parsed);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.invalid(String.valueOf(e.getMessage()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.invalid(field + " must be a string");
    }
    return value.asText();
  }

  static Map<String, Object> render(EgressStatus status) {
    EgressSpec spec = status.spec();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", spec.name());
    json.put("kind", spec.kind());
    if (EgressSpec.KAFKA.equals(spec.kind())) {
      json.put("cluster", spec.cluster());
      json.put("topic", spec.topic());
    } else {
      json.put("url", spec.url());
      Map<String, String> headers = new LinkedHashMap<>();
      spec.headers().keySet().forEach(name -> headers.put(name, "***"));
      json.put("headers", headers);
      json.put("timeout", Durations.format(spec.timeout()));
    }
    json.put("createdAt", status.createdAt());
    json.put("pending", status.pending());
    json.put("delivered", status.delivered());
    json.put("deadLettered", status.deadLettered());
    json.put("lastError", status.lastError());
    json.put("lastErrorAt", status.lastErrorAt() == 0 ? null : status.lastErrorAt());
    json.put("offset", status.offset());
    return json;
  }
}
