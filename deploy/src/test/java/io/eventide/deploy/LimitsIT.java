package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.client.HttpAnswer;
import io.eventide.worker.testing.ZipBombs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every documented limit the gateway enforces, exactly at its value (accepted) and one past it (a
 * 4xx JSON error). A message of exactly 1 MiB is not sent here: the store's value limit still
 * stands between it and a 202 (issue 17, sizes).
 */
class LimitsIT extends ExamplesNode {
  private static final int MIB = 1 << 20;

  @Test
  void idsAreOneTo256BytesOfUtf8() throws Exception {
    assertThat(sendOne("/v1/send/example/counter/" + "x".repeat(256)).status()).isEqualTo(202);
    assertThat(sendOne("/v1/send/example/counter/" + "%C3%A9".repeat(128)).status()).isEqualTo(202);
    assertJsonError(sendOne("/v1/send/example/counter/" + "x".repeat(257)), 400);
    // 129 two-byte characters: 129 characters, but 258 bytes of UTF-8.
    assertJsonError(sendOne("/v1/send/example/counter/" + "%C3%A9".repeat(129)), 400);
  }

  @Test
  void namesAreUpTo128Characters() throws Exception {
    String name = "n".repeat(128);
    assertJsonError(
        sendOne("/v1/send/" + name + "/counter/a"), 404); // well formed, just not served
    assertJsonError(sendOne("/v1/send/" + name + "n/counter/a"), 400);
    assertJsonError(sendOne("/v1/send/example/" + name + "n/a"), 400);
    assertThat(request("GET", "/v1/egress/" + name, null, Map.of()).status()).isEqualTo(200);
    assertJsonError(request("GET", "/v1/egress/" + name + "n", null, Map.of()), 400);
    assertThat(request("POST", "/v1/ingress/" + name + "/events", "", Map.of()).status())
        .isEqualTo(202);
    assertJsonError(request("POST", "/v1/ingress/" + name + "n/events", "", Map.of()), 400);
  }

  @Test
  void headerValuesHaveTheirLimits() throws Exception {
    String key = "k".repeat(256);
    assertThat(
            request("POST", "/v1/send/example/counter/h", "1", Map.of("Idempotency-Key", key))
                .status())
        .isEqualTo(202);
    assertJsonError(
        request("POST", "/v1/send/example/counter/h", "1", Map.of("Idempotency-Key", key + "k")),
        400);
    String type = "application/json; p=" + "v".repeat(1024 - "application/json; p=".length());
    assertThat(
            request("POST", "/v1/send/example/counter/h", "1", Map.of("Content-Type", type))
                .status())
        .isEqualTo(202);
    assertJsonError(
        request("POST", "/v1/send/example/counter/h", "1", Map.of("Content-Type", type + "v")),
        400);
    assertThat(request("POST", "/v1/call/example/counter/h?timeout=1h", "1", Map.of()).status())
        .isEqualTo(200);
    assertJsonError(
        request("POST", "/v1/call/example/counter/h?timeout=3600001ms", "1", Map.of()), 400);
  }

  @Test
  void aMessageIsAtMostOneMebibyte() throws Exception {
    String body = "1" + " ".repeat(MIB);
    assertJsonError(request("POST", "/v1/send/example/counter/big", body, Map.of()), 413);
    assertJsonError(request("POST", "/v1/call/example/counter/big", body, Map.of()), 413);
    assertJsonError(request("POST", "/v1/ingress/limits/watermark", body, Map.of()), 413);
    String prefix = "{\"target\":\"example/greeter/big\",\"payload\":\"";
    HttpAnswer line = ndjson(prefix + "s".repeat(MIB - 1) + "\"}\n");
    assertJsonError(line, 413);
    assertThat(line.text()).contains("line 1").contains("1048577 bytes");
  }

  @Test
  void aBatchIsAtMost64MebibytesAnd100000Events() throws Exception {
    String event = "{\"target\":\"example/counter/batch\",\"payload\":1}\n";
    // Blank lines are skipped: the body is exactly at the limit, the store sees one event.
    String padded = event + "\n".repeat(64 * MIB - event.length());
    assertThat(Json.parse(ndjson(padded).requireOk("64 MiB batch")).path("accepted").asInt())
        .isEqualTo(1);
    assertJsonError(ndjson(padded + "\n"), 413);

    String many =
        IntStream.range(0, 100_000)
            .mapToObj(i -> "{\"target\":\"example/counter/b" + (i % 100) + "\",\"payload\":1}\n")
            .collect(Collectors.joining());
    assertThat(Json.parse(ndjson(many).requireOk("100,000 events")).path("accepted").asInt())
        .isEqualTo(100_000);
    assertJsonError(ndjson(many + event), 413);
  }

  @Test
  void aJarIsAtMost64MebibytesAndItsNameAtMost128Characters() throws Exception {
    byte[] module = BrokenJars.oneType(tmp, "limits", "big");
    int overhead = ZipBombs.withEntry(module, "padding.bin", new byte[0]).length;
    byte[] padding = new byte[64 * MIB - overhead];
    new Random(1).nextBytes(padding); // stored as it is: incompressible, far from any ratio bound
    byte[] atLimit = ZipBombs.withEntry(module, "padding.bin", padding);
    assertThat(atLimit).hasSize(64 * MIB);

    assertJsonError(send(deploy("?name=" + "n".repeat(129), atLimit)), 400);
    HttpAnswer deployed = send(deploy("?name=" + "n".repeat(128), atLimit));
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
    byte[] past =
        ZipBombs.withEntry(module, "padding.bin", Arrays.copyOf(padding, padding.length + 1));
    assertJsonError(send(deploy("", past)), 413);
    String id = Json.parse(deployed).path("deploymentId").asText();
    assertThat(request("DELETE", "/v1/deployments/" + id, null, Map.of()).status()).isEqualTo(200);
  }

  @Test
  void aRequestHeadIsAtMost64KibibytesAnd100Fields() {
    String line = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    String pad = "X-Pad: ";
    String exact =
        line + pad + "p".repeat(64 * 1024 - line.length() - pad.length() - 4) + "\r\n\r\n";
    assertThat(exact).hasSize(64 * 1024);
    assertThat(rawHead(exact).status()).isEqualTo(200);
    assertThat(rawHead(exact.replace("X-Pad: ", "X-Pad: p")).status()).isEqualTo(400);

    String fields =
        IntStream.range(0, 98).mapToObj(i -> "X-F" + i + ": v\r\n").collect(Collectors.joining());
    assertThat(rawHead(line + fields + "\r\n").status())
        .isEqualTo(200); // Host, Connection and 98 more
    assertThat(rawHead(line + fields + "X-F98: v\r\n\r\n").status()).isEqualTo(400);

    String params =
        IntStream.range(0, 64).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
    assertThat(
            rawHead(
                    "GET /v1/egress/e?"
                        + params
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .status())
        .isEqualTo(200);
    assertThat(
            rawHead(
                    "GET /v1/egress/e?"
                        + params
                        + "&p64=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .status())
        .isEqualTo(400);
  }

  private HttpAnswer sendOne(String path) throws Exception {
    return request("POST", path, "1", Map.of());
  }

  private HttpRequest.Builder deploy(String query, byte[] jar) {
    return HttpRequest.newBuilder(URI.create(node.url() + "/v1/deployments" + query))
        .header("Content-Type", "application/java-archive")
        .POST(HttpRequest.BodyPublishers.ofByteArray(jar));
  }

  private HttpAnswer rawHead(String head) {
    return RawHttp.exchange(node.port(), head, Duration.ofSeconds(30));
  }
}
