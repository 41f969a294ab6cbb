package io.eventide.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.dispatcher.kafka.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON bodies of {@code PUT /v1/kafka-clusters/{name}} and {@code POST /v1/subscriptions}
 * (API.md "Connectors"): every field checked, unknown ones refused, so a typo is a 400 rather than
 * a default silently taken.
 */
final class SubscriptionRequest {
  private static final Pattern SOURCE = Pattern.compile("kafka://([^/]+)/(.+)");
  private static final Set<String> SUBSCRIPTION_FIELDS =
      Set.of(
          "name",
          "source",
          "target",
          "id",
          "eventTime",
          "outOfOrderness",
          "idleTimeout",
          "startFrom",
          "contentType");
  private static final Set<String> CLUSTER_FIELDS = Set.of("bootstrapServers", "properties");
  private static final int MAX_CONTENT_TYPE = 256;

  private SubscriptionRequest() {}

  static KafkaCluster cluster(String name, byte[] body) {
    JsonNode json = object(body, CLUSTER_FIELDS);
    String bootstrap = text(json, "bootstrapServers", null);
    if (bootstrap == null) {
      throw ApiException.invalid("bootstrapServers is required");
    }
    Map<String, String> properties = new TreeMap<>();
    JsonNode props = json.path("properties");
    if (!props.isMissingNode() && !props.isNull()) {
      if (!props.isObject()) {
        throw ApiException.invalid("properties must be an object of strings");
      }
      for (var entry : props.properties()) {
        if (!entry.getValue().isValueNode()) {
          throw ApiException.invalid("property '" + entry.getKey() + "' must be a string");
        }
        properties.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return new KafkaCluster(name, bootstrap, properties);
  }

  static Subscription subscription(byte[] body, String generatedId) {
    JsonNode json = object(body, SUBSCRIPTION_FIELDS);
    String source = text(json, "source", null);
    Matcher matcher = source == null ? null : SOURCE.matcher(source);
    if (matcher == null || !matcher.matches()) {
      throw ApiException.invalid("source '" + source + "' must be kafka://{cluster}/{topic}");
    }
    String target = text(json, "target", null);
    String[] parts = target == null ? new String[0] : target.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw ApiException.invalid("target '" + target + "' must be ns/type");
    }
    String startFrom = text(json, "startFrom", "earliest");
    if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
      throw ApiException.invalid("startFrom '" + startFrom + "' must be earliest or latest");
    }
    String contentType = text(json, "contentType", "application/json");
    if (contentType.isBlank() || contentType.length() > MAX_CONTENT_TYPE) {
      throw ApiException.invalid("contentType must be 1.." + MAX_CONTENT_TYPE + " characters");
    }
    return new Subscription(
        text(json, "name", generatedId),
        matcher.group(1),
        matcher.group(2),
        parts[0],
        parts[1],
        text(json, "id", Subscription.ID_FROM_KEY),
        text(json, "eventTime", Subscription.TIME_FROM_TIMESTAMP),
        duration(json, "outOfOrderness"),
        duration(json, "idleTimeout"),
        startFrom.equals("latest"),
        contentType);
  }

  private static JsonNode object(byte[] body, Set<String> fields) {
    JsonNode json = Json.parseOrNull(body);
    if (json == null || !json.isObject()) {
      throw ApiException.invalid("the body must be a JSON object");
    }
    for (var entry : json.properties()) {
      if (!fields.contains(entry.getKey())) {
        throw ApiException.invalid(
            "unknown field '"
                + entry.getKey()
                + "'; known fields: "
                + new java.util.TreeSet<>(fields));
      }
    }
    return json;
  }

  private static String text(JsonNode json, String field, String fallback) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw ApiException.invalid(field + " must be a string");
    }
    return node.asText();
  }

  private static long duration(JsonNode json, String field) {
    String text = text(json, field, null);
    if (text == null) {
      return 0;
    }
    try {
      Duration duration = Durations.parse(text);
      return duration.toMillis();
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(field + ": " + e.getMessage());
    }
  }
}
