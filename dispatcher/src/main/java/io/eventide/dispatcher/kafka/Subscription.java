package io.eventide.dispatcher.kafka;

import com.fasterxml.jackson.core.JsonPointer;
import io.eventide.dispatcher.api.SourceSettings;
import java.util.Objects;

/**
 * A subscription: every record of a Kafka topic goes to one function type, exactly once. Its id is
 * also its ingress source's name; each partition is a source of its own under it, so the
 * subscription's watermark is the minimum over its partitions', as in Flink's Kafka source.
 *
 * @param id the subscription id, {@code [a-z0-9][a-z0-9_.-]{0,63}}
 * @param cluster a configured {@link KafkaCluster}'s name
 * @param topic the topic
 * @param namespace the target function type's namespace
 * @param type the target function type
 * @param idFrom {@code key} (the record key as UTF-8), {@code partition}, or a JSON pointer into
 *     the value
 * @param eventTimeFrom {@code timestamp} (the record timestamp) or a JSON pointer (epoch ms)
 * @param outOfOrdernessMillis per-partition bounded out-of-orderness
 * @param idleTimeoutMillis a partition quiet this long stops holding the watermark back; 0: never
 * @param startLatest start at the end of each partition instead of its beginning
 * @param contentType the records' content type unless a {@code content-type} header says otherwise
 */
public record Subscription(
    String id,
    String cluster,
    String topic,
    String namespace,
    String type,
    String idFrom,
    String eventTimeFrom,
    long outOfOrdernessMillis,
    long idleTimeoutMillis,
    boolean startLatest,
    String contentType) {
  public static final String ID_FROM_KEY = "key";
  public static final String ID_FROM_PARTITION = "partition";
  public static final String TIME_FROM_TIMESTAMP = "timestamp";

  public Subscription {
    Names.require("subscription", id);
    Names.require("cluster", cluster);
    if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw invalid("topic '" + topic + "' must match [a-zA-Z0-9._-]{1,249}");
    }
    if (namespace == null || namespace.isEmpty() || type == null || type.isEmpty()) {
      throw invalid("target must be ns/type");
    }
    if (!idFrom.equals(ID_FROM_KEY) && !idFrom.equals(ID_FROM_PARTITION)) {
      pointer("id", idFrom);
    }
    if (!eventTimeFrom.equals(TIME_FROM_TIMESTAMP)) {
      pointer("eventTime", eventTimeFrom);
    }
    if (outOfOrdernessMillis < 0 || idleTimeoutMillis < 0) {
      throw invalid("outOfOrderness and idleTimeout must not be negative");
    }
    Objects.requireNonNull(contentType, "contentType");
  }

  /** The JSON pointer {@code text} names, or a 400 saying why it is not one. */
  static JsonPointer pointer(String field, String text) {
    if (text == null || !text.startsWith("/")) {
      throw invalid(
          field
              + " '"
              + text
              + "' must be "
              + (field.equals("id") ? "\"key\", \"partition\"" : "\"timestamp\"")
              + " or a JSON pointer such as \"/user/id\"");
    }
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw invalid(field + " '" + text + "' is not a JSON pointer: " + e.getMessage());
    }
  }

  private static ConnectorException invalid(String message) {
    return new ConnectorException(ConnectorException.Code.INVALID, message);
  }

  /** {@code kafka://cluster/topic}, as the subscription was asked for. */
  public String source() {
    return "kafka://" + cluster + "/" + topic;
  }

  /** {@code ns/type}. */
  public String target() {
    return namespace + "/" + type;
  }

  /** The watermark strategy of each of its partitions. */
  public SourceSettings settings() {
    return new SourceSettings(outOfOrdernessMillis, idleTimeoutMillis, false);
  }
}
