package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-sized data through a node process, at and just past each documented limit: messages of up to
 * 1 MiB through send, call and an NDJSON line, kept in state and written to an egress; a state
 * value of 16 MiB written, read back and kept across a restart; a handler going past a limit is
 * dead-lettered with {@code TOO_LARGE}; and messages whose effects together exceed a transaction
 * are committed in several, each exactly once.
 */
class LargeValuesIT {
  /** Reads a 16 MiB value in base64: 22 MB of JSON string, past Jackson's default 20 MB. */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(
                  com.fasterxml.jackson.core.StreamReadConstraints.builder()
                      .maxStringLength(64 << 20)
                      .build())
              .build());

  private static final int MIB = 1 << 20;
  private static final Map<String, String> SOURCES =
      Map.of(
          "big.Keep",
              """
          package big;
          import io.eventide.sdk.*;
          /** Keeps the payload, writes it to the 'kept' egress, replies its length. */
          public final class Keep implements StatefulFunction {
            static final ValueSpec<byte[]> LAST = ValueSpec.named("last").withType(Types.BYTES);
            static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
            public void apply(Context c, Message m) {
              c.storage().set(LAST, m.payload());
              c.storage().set(COUNT, c.storage().get(COUNT).orElse(0L) + 1);
              c.egress("kept", Types.BYTES, m.payload());
              c.reply(Types.LONG, (long) m.payload().length);
            }
          }
          """,
          "big.Grow",
              """
          package big;
          import io.eventide.sdk.*;
          /** Sets a state value of as many bytes as the payload says, and replies its length read back. */
          public final class Grow implements StatefulFunction {
            static final ValueSpec<byte[]> BLOB = ValueSpec.named("blob").withType(Types.BYTES);
            public void apply(Context c, Message m) {
              int size = Integer.parseInt(m.as(Types.STRING).trim());
              byte[] blob = new byte[size];
              for (int i = 0; i < size; i++) {
                blob[i] = (byte) ('a' + i % 26);
              }
              byte[] before = c.storage().get(BLOB).orElse(new byte[0]);
              c.storage().set(BLOB, blob);
              c.reply(Types.STRING, before.length + "->" + c.storage().get(BLOB).get().length);
            }
          }
          """,
          "big.Flood",
              """
          package big;
          import io.eventide.sdk.*;
          /** Writes as many 1 MiB egress records as the payload says. */
          public final class Flood implements StatefulFunction {
            public void apply(Context c, Message m) {
              int records = Integer.parseInt(m.as(Types.STRING).trim());
              for (int i = 0; i < records; i++) {
                c.egress("flood", Types.BYTES, new byte[Limits.MAX_MESSAGE_BYTES]);
              }
            }
          }
          """,
          "big.Echo",
              """
          package big;
          import io.eventide.sdk.*;
          /** Replies its payload. */
          public final class Echo implements StatefulFunction {
            public void apply(Context c, Message m) {
              c.reply(Types.BYTES, m.payload());
            }
          }
          """,
          "big.Tally",
              """
          package big;
          import io.eventide.sdk.*;
          /** Counts its messages and their bytes. */
          public final class Tally implements StatefulFunction {
            static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
            static final ValueSpec<Long> BYTES = ValueSpec.named("bytes").withType(Types.LONG);
            public void apply(Context c, Message m) {
              c.storage().set(COUNT, c.storage().get(COUNT).orElse(0L) + 1);
              c.storage().set(BYTES, c.storage().get(BYTES).orElse(0L) + m.payload().length);
            }
          }
          """,
          "big.Module",
              """
          package big;
          import io.eventide.sdk.*;
          public final class Module implements FunctionModule {
            public void configure(FunctionRegistry r) {
              r.register(TypeName.of("big", "keep"), Keep::new, Keep.LAST, Keep.COUNT);
              r.register(TypeName.of("big", "grow"), Grow::new, Grow.BLOB);
              r.register(TypeName.of("big", "flood"), Flood::new);
              r.register(TypeName.of("big", "echo"), Echo::new);
              r.register(TypeName.of("big", "tally"), Tally::new, Tally.COUNT, Tally.BYTES);
            }
          }
          """);

  @TempDir Path tmp;

  @Test
  void messagesUpToOneMebibyteAndStateUpToSixteenOnANode() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess node = TestNodes.start(data);
    try {
      EventideClient client = client(node);
      deploy(client);
      messages(client);
      batch(client);
      state(client);
      limits(client);
      node.stop(Duration.ofSeconds(20));
      node = TestNodes.start(data);
      afterRestart(client(node));
    } finally {
      node.close();
    }
  }

  @Test
  void messagesUpToOneMebibyteAndStateUpToSixteenInACluster() throws Exception {
    try (RoleCluster cluster = new RoleCluster(tmp)) {
      cluster.stateService();
      cluster.atOnce(
          () -> cluster.role("dispatcher", "dispatcher-1"),
          () -> cluster.role("worker", "worker-1"));
      cluster.role("gateway", "gateway-1");
      EventideClient client = cluster.client("gateway-1");
      deploy(client);
      messages(client);
      batch(client);
      state(client);
      limits(client);
      cluster.kill("dispatcher-1");
      cluster.restart("dispatcher-1");
      afterRestart(cluster.client("gateway-1"));
    }
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(120));
  }

  private void deploy(EventideClient client) throws Exception {
    Path jar =
        Files.write(tmp.resolve("big.jar"), BrokenJars.jar(tmp, SOURCES, "big.Module", List.of()));
    HttpAnswer deployed = client.deploy(jar, "big");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
  }

  /** 900 KiB through send, call and an NDJSON line, and exactly 1 MiB; one byte more is 413. */
  private static void messages(EventideClient client) throws Exception {
    byte[] sent = payload(900 * 1024, 's');
    assertThat(client.send("big/keep/sent", sent, "application/octet-stream", null, null).status())
        .isEqualTo(202);
    byte[] called = payload(900 * 1024, 'c');
    HttpAnswer reply = client.call("big/keep/called", called, "application/octet-stream", null);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo(String.valueOf(called.length));
    byte[] atLimit = payload(MIB, 'l');
    HttpAnswer limit = client.call("big/keep/limit", atLimit, "application/octet-stream", null);
    assertThat(limit.status()).as(limit.text()).isEqualTo(200);
    assertThat(
            client
                .call("big/keep/past", payload(MIB + 1, 'p'), "application/octet-stream", null)
                .status())
        .isEqualTo(413);
    // A repeated call gets the first reply, 900 KiB of it, from its idempotency record.
    byte[] echoed = payload(900 * 1024, 'e');
    HttpAnswer first = client.call("big/echo/e", echoed, "application/octet-stream", "echo-key");
    HttpAnswer again = client.call("big/echo/e", echoed, "application/octet-stream", "echo-key");
    assertThat(first.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertSame(again.body(), echoed);
    String text = "t".repeat(900 * 1024);
    HttpAnswer ingested =
        client.ingest("big", "{\"target\":\"big/keep/line\",\"payload\":\"" + text + "\"}\n");
    assertThat(ingested.status()).as(ingested.text()).isEqualTo(202);
    // 64 events of 2 kB to one key in one request: one inbox chunk would be 128 kB.
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      batch
          .append("{\"target\":\"big/keep/many\",\"payload\":\"")
          .append("m".repeat(2_000))
          .append("\"}\n");
    }
    assertThat(client.ingest("big", batch.toString()).status()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertSame(stored(client, "big/keep/sent", "last"), sent);
              // The line's payload is JSON, a string: GET /v1/state shows it as the JSON it is.
              assertSame(
                  stored(client, "big/keep/line", "last"), text.getBytes(StandardCharsets.UTF_8));
              assertThat(count(client, "big/keep/many")).isEqualTo(64);
            });
    assertSame(stored(client, "big/keep/called", "last"), called);
    assertSame(stored(client, "big/keep/limit", "last"), atLimit);
    // Every record, the large ones included, reads back whole from the egress, in order.
    List<JsonNode> kept = egress(client, "kept", 67);
    assertThat(kept)
        .extracting(r -> r.path("payload").asText().length())
        .contains(sent.length, called.length, atLimit.length);
  }

  /**
   * An NDJSON batch just under 64 MiB (70 lines of 950,000 bytes of payload: each past a store
   * value, together past a gRPC message in a cluster) is taken whole, every line once.
   */
  private static void batch(EventideClient client) throws Exception {
    String line = "{\"target\":\"big/tally/t\",\"payload\":\"" + "b".repeat(950_000) + "\"}\n";
    String body = line.repeat(70);
    assertThat(body.length()).isBetween(63 * MIB, 64 * MIB);
    HttpAnswer accepted = client.ingest("batch", body);
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    assertThat(accepted.text()).contains("\"accepted\":70");
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              JsonNode values = JSON.readTree(client.state("big/tally/t").text()).path("values");
              assertThat(values.path("count").asLong()).isEqualTo(70);
              assertThat(values.path("bytes").asLong()).isEqualTo(70L * 950_002);
            });
  }

  /** A state value of exactly 16 MiB, replaced, and one byte more refused with TOO_LARGE. */
  private static void state(EventideClient client) throws Exception {
    int limit = 16 * MIB;
    assertThat(call(client, "big/grow/g", String.valueOf(limit))).isEqualTo("0->" + limit);
    assertThat(stored(client, "big/grow/g", "blob")).hasSize(limit);
    assertThat(call(client, "big/grow/g", "10")).isEqualTo(limit + "->10");
    assertThat(call(client, "big/grow/g", String.valueOf(limit))).isEqualTo("10->" + limit);
    HttpAnswer past =
        client.call(
            "big/grow/g",
            String.valueOf(limit + 1).getBytes(StandardCharsets.UTF_8),
            "text/plain",
            null);
    assertThat(past.status()).isEqualTo(422);
    assertThat(past.text()).contains("TOO_LARGE", "16 MiB");
    assertThat(stored(client, "big/grow/g", "blob")).hasSize(limit);
  }

  /**
   * A call writing more than its 8 MiB of output is dead-lettered at once with TOO_LARGE; calls
   * writing 7 MiB each, which no two of fit one transaction, are each committed once.
   */
  private static void limits(EventideClient client) throws Exception {
    HttpAnswer flood =
        client.call("big/flood/over", "9".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertThat(flood.status()).isEqualTo(422);
    JsonNode letter = deadLetter(client, "big/flood/over");
    assertThat(letter.path("error").path("code").asText()).isEqualTo("TOO_LARGE");
    assertThat(letter.path("attempts").asInt()).isEqualTo(1);
    // In one request, so that one batch takes all three: 21 MiB, which must be split between
    // messages.
    String three = "{\"target\":\"big/flood/f\",\"payload\":7}\n".repeat(3);
    assertThat(client.ingest("floods", three).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(egressCount(client, "flood")).isEqualTo(21));
    // A page of 1 MiB records stops at 8 MiB, whatever limit was asked for; the rest follows from
    // `next`.
    JsonNode page = JSON.readTree(client.egress("flood", 0, 100).text());
    assertThat(page.path("records").size()).isBetween(7, 8);
    assertThat(page.path("next").asLong())
        .isEqualTo(
            page.path("records").get(page.path("records").size() - 1).path("offset").asLong() + 1);
  }

  private static void afterRestart(EventideClient client) throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(stored(client, "big/grow/g", "blob")).hasSize(16 * MIB));
    assertThat(call(client, "big/grow/g", "1")).isEqualTo(16 * MIB + "->1");
    assertThat(stored(client, "big/keep/limit", "last")).hasSize(MIB);
  }

  private static String call(EventideClient client, String address, String body) {
    HttpAnswer answer =
        client.call(address, body.getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertThat(answer.status())
        .as(answer.text().substring(0, Math.min(500, answer.text().length())))
        .isEqualTo(200);
    return answer.text();
  }

  /** Bytes compared without printing a mebibyte of them when they differ. */
  private static void assertSame(byte[] actual, byte[] expected) {
    assertThat(java.util.Arrays.equals(actual, expected))
        .as(
            "%d bytes starting %s, expected %d bytes starting %s",
            actual.length,
            new String(actual, 0, Math.min(20, actual.length), StandardCharsets.ISO_8859_1),
            expected.length,
            new String(expected, 0, Math.min(20, expected.length), StandardCharsets.ISO_8859_1))
        .isTrue();
  }

  private static byte[] payload(int size, char fill) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) fill);
    return bytes;
  }

  private static byte[] stored(EventideClient client, String address, String name)
      throws Exception {
    JsonNode value = JSON.readTree(client.state(address).text()).path("values").path(name);
    if (value.has("base64")) {
      return Base64.getDecoder().decode(value.path("base64").asText());
    }
    return value.isTextual()
        ? value.asText().getBytes(StandardCharsets.UTF_8)
        : JSON.writeValueAsBytes(value);
  }

  private static long count(EventideClient client, String address) throws Exception {
    return JSON.readTree(client.state(address).text()).path("values").path("count").asLong(0);
  }

  private static List<JsonNode> egress(EventideClient client, String name, int expected)
      throws Exception {
    List<JsonNode> records = new java.util.ArrayList<>();
    long from = 0;
    while (records.size() < expected) {
      JsonNode page = JSON.readTree(client.egress(name, from, 10).text());
      page.path("records").forEach(records::add);
      if (page.path("records").isEmpty()) {
        break;
      }
      from = page.path("next").asLong();
    }
    return records;
  }

  private static int egressCount(EventideClient client, String name) throws Exception {
    return egress(client, name, Integer.MAX_VALUE).size();
  }

  private static JsonNode deadLetter(EventideClient client, String target) throws Exception {
    for (JsonNode record : egress(client, "dead-letters", Integer.MAX_VALUE)) {
      JsonNode letter = JSON.readTree(record.path("payload").asText());
      if (letter.path("target").asText().equals(target)) {
        return letter;
      }
    }
    throw new AssertionError("no dead letter for " + target);
  }
}
