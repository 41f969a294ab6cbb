package io.eventide.dispatcher.internal.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.protocol.EgressProgress;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configured egresses and their deliverers' progress, as stored: {@code egresses/<name>} holds the
 * configuration as JSON (readable by operators and by the Kafka cluster registry, which refuses to
 * delete a cluster an egress uses), {@code egress-position/<name>} an {@link EgressProgress}.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class EgressConfigs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The progress of an egress nothing was delivered to yet. */
  static final EgressProgress NONE = EgressProgress.newBuilder().setOffset(-1).build();

  private final Keyspace keyspace;

  public EgressConfigs(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /** A stored configuration and when it was made. */
  public record Stored(EgressSpec spec, long createdAt) {}

  public Stored get(ReadView view, String name) {
    byte[] value = view.get(keyspace.egressConfig(name));
    return value == null ? null : decode(value);
  }

  public List<Stored> list(ReadView view) {
    byte[] prefix = keyspace.egressConfigs();
    List<Stored> all = new ArrayList<>();
    for (KeyValue kv : view.getRange(prefix, Keyspace.end(prefix), 0, false)) {
      all.add(decode(kv.value()));
    }
    return all;
  }

  public void put(Transaction tx, Stored stored) {
    tx.set(keyspace.egressConfig(stored.spec().name()), encode(stored));
  }

  /** Removes the configuration and the progress of {@code name}. */
  public void remove(Transaction tx, String name) {
    tx.clear(keyspace.egressConfig(name));
    tx.clear(keyspace.egressPosition(name));
  }

  public EgressProgress progress(ReadView view, String name) {
    byte[] value = view.get(keyspace.egressPosition(name));
    if (value == null) {
      return NONE;
    }
    try {
      return EgressProgress.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt progress record of egress '" + name + "'", e);
    }
  }

  void writeProgress(Transaction tx, String name, EgressProgress progress) {
    tx.set(keyspace.egressPosition(name), progress.toByteArray());
  }

  static byte[] encode(Stored stored) {
    EgressSpec spec = stored.spec();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", spec.name());
    node.put("kind", spec.kind());
    if (EgressSpec.KAFKA.equals(spec.kind())) {
      node.put("cluster", spec.cluster());
      node.put("topic", spec.topic());
    } else {
      node.put("url", spec.url());
      ObjectNode headers = node.putObject("headers");
      spec.headers().forEach(headers::put);
      node.put("timeoutMillis", spec.timeout().toMillis());
    }
    node.put("createdAt", stored.createdAt());
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an egress configuration", e);
    }
  }

  static Stored decode(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      Map<String, String> headers = new LinkedHashMap<>();
      node.path("headers")
          .properties()
          .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
      EgressSpec spec =
          new EgressSpec(
              node.get("name").asText(),
              node.get("kind").asText(),
              text(node, "cluster"),
              text(node, "topic"),
              text(node, "url"),
              headers,
              node.has("timeoutMillis")
                  ? Duration.ofMillis(node.get("timeoutMillis").asLong())
                  : null);
      return new Stored(spec, node.path("createdAt").asLong());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("corrupt egress configuration", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
