package io.eventide.gateway;

import static io.eventide.gateway.TokenFiles.entry;
import static io.eventide.gateway.TokenFiles.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.EgressCatalog;
import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.dispatcher.kafka.KafkaRegistry;
import io.eventide.gateway.audit.AuditTrail;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The audit log of a real gateway over the real embedded store: one entry per admin action and per
 * refused admin request, in the log and in the store, and no token anywhere in what is written.
 */
class AuditLogIT {
  static final String OPS = "ops-secret-1";
  static final String FEEDER = "feed-secret-2";
  static final String GUESS = "guess-secret-3";
  static final String FLAG_ADMIN = "flag-admin-4";
  static final String HOOK_SECRET = "hook-secret-5";
  static final String RELOADED = "ops-secret-6";
  static final List<String> SECRETS =
      List.of(OPS, FEEDER, GUESS, FLAG_ADMIN, HOOK_SECRET, RELOADED);
  static final String HOOK =
      "{\"name\":\"hooks\",\"kind\":\"http\",\"url\":\"http://127.0.0.1:9/h\","
          + "\"headers\":{\"Authorization\":\"Bearer "
          + HOOK_SECRET
          + "\"}}";

  @TempDir Path dir;
  Path file;
  Store store;
  AuditTrail trail;
  PrometheusMeterRegistry registry;
  FakeDeployments deployments;
  Gateway gateway;
  final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  final ListAppender<ILoggingEvent> everything = new ListAppender<>();

  @BeforeEach
  void start() {
    capture(AuditLog.LOGGER, audit);
    capture(org.slf4j.Logger.ROOT_LOGGER_NAME, everything);
    file =
        TokenFiles.write(
            dir.resolve("tokens.json"),
            tokens(entry("ops", OPS, "admin", ""), entry("feeder", FEEDER, "ingress", "")));
    store = Stores.rocksdb(dir.resolve("store"));
    Keyspace keyspace = new Keyspace("test");
    trail = new AuditTrail(store, keyspace);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    deployments = new FakeDeployments();
    KafkaRegistry kafka = new KafkaRegistry(store, keyspace, Duration.ofMillis(200));
    kafka.putCluster(new KafkaCluster("unused", "127.0.0.1:9", Map.of()), false);
    gateway =
        new Gateway(
                GatewayConfig.of("127.0.0.1", 0)
                    .withTokens(FLAG_ADMIN, null)
                    .withAccess(new GatewayConfig.Access(file, null)),
                new FakeIngress(),
                new FakeQueries(),
                deployments,
                registry,
                EgressCatalog.open(store, keyspace))
            .withKafka(kafka, cluster -> false)
            .withAudit(trail);
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    trail.close();
    registry.close();
    store.close();
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(audit);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .detachAppender(everything);
  }

  static void capture(String logger, ListAppender<ILoggingEvent> appender) {
    Logger target = (Logger) LoggerFactory.getLogger(logger);
    if (AuditLog.LOGGER.equals(logger)) {
      target.setLevel(Level.INFO);
    }
    appender.start();
    target.addAppender(appender);
  }

  HttpResponse<String> as(String token, String method, String path, String body) {
    try {
      return GatewayTestBase.exchange(gateway.port(), method, path, body, token);
    } catch (Exception e) {
      throw new AssertionError(method + " " + path, e);
    }
  }

  /** The audit log lines, parsed. */
  List<JsonNode> lines() {
    List<JsonNode> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(audit.list)) {
      lines.add(parse(event.getFormattedMessage()));
    }
    return lines;
  }

  /** The stored entries, all pages of two. */
  List<JsonNode> stored() {
    List<JsonNode> all = new ArrayList<>();
    String from = "0";
    while (true) {
      HttpResponse<String> page = as(OPS, "GET", "/v1/audit?limit=2&from=" + from, null);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = parse(page.body());
      body.path("entries").forEach(all::add);
      if (body.path("entries").isEmpty()) {
        return all;
      }
      from = body.path("next").asText();
    }
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  static String describe(JsonNode entry) {
    return String.join(
        " ",
        entry.path("action").asText(),
        entry.path("target").asText(),
        entry.path("token").asText(),
        entry.path("method").asText(),
        entry.path("path").asText(),
        entry.path("status").asText(),
        entry.path("outcome").asText());
  }

  @Test
  void everyAdminActionAndRefusalIsOneLineAndOneStoredEntry() {
    long before = System.currentTimeMillis();
    HttpResponse<String> deployed = as(OPS, "POST", "/v1/deployments", "PK-jar");
    assertThat(deployed.statusCode()).isEqualTo(201);
    String id = parse(deployed.body()).path("deploymentId").asText();
    assertThat(as(OPS, "DELETE", "/v1/deployments/" + id, null).statusCode()).isEqualTo(200);
    assertThat(as(FLAG_ADMIN, "DELETE", "/v1/deployments/" + id, null).statusCode()).isEqualTo(404);
    assertThat(as(OPS, "POST", "/v1/egresses", HOOK).statusCode()).isEqualTo(201);
    assertThat(as(OPS, "DELETE", "/v1/egresses/hooks", null).statusCode()).isEqualTo(200);
    String subscription =
        "{\"name\":\"clicks\",\"source\":\"kafka://nowhere/t\",\"target\":\"demo/deployed\"}";
    assertThat(as(OPS, "POST", "/v1/subscriptions", subscription).statusCode()).isEqualTo(404);
    assertThat(as(OPS, "DELETE", "/v1/subscriptions/clicks", null).statusCode()).isEqualTo(404);
    assertThat(as(OPS, "DELETE", "/v1/kafka-clusters/unused", null).statusCode()).isEqualTo(200);
    assertThat(as(GUESS, "DELETE", "/v1/deployments/dep-1", null).statusCode()).isEqualTo(401);
    assertThat(as(null, "GET", "/v1/deployments", null).statusCode()).isEqualTo(401);
    assertThat(as(FEEDER, "GET", "/v1/cluster", null).statusCode()).isEqualTo(403);
    // Reads that pass, and the data plane, are not admin actions.
    assertThat(as(OPS, "GET", "/v1/deployments", null).statusCode()).isEqualTo(200);
    assertThat(as(GUESS, "POST", "/v1/send/demo/deployed/a", "x").statusCode()).isEqualTo(401);

    List<String> expected =
        List.of(
            "deployment.create dep-1 ops POST /v1/deployments 201 ok",
            "deployment.delete dep-1 ops DELETE /v1/deployments/dep-1 200 ok",
            "deployment.delete dep-1 admin DELETE /v1/deployments/dep-1 404 NOT_FOUND",
            "egress.create hooks ops POST /v1/egresses 201 ok",
            "egress.delete hooks ops DELETE /v1/egresses/hooks 200 ok",
            "subscription.create clicks ops POST /v1/subscriptions 404 NOT_FOUND",
            "subscription.delete clicks ops DELETE /v1/subscriptions/clicks 404 NOT_FOUND",
            "kafka-cluster.delete unused ops DELETE /v1/kafka-clusters/unused 200 ok",
            "deployment.delete dep-1 (unknown) DELETE /v1/deployments/dep-1 401 UNAUTHORIZED",
            "GET /v1/deployments null (anonymous) GET /v1/deployments 401 UNAUTHORIZED",
            "GET /v1/cluster null feeder GET /v1/cluster 403 FORBIDDEN");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lines().stream().map(AuditLogIT::describe))
                    .containsExactlyElementsOf(expected));
    for (JsonNode line : lines()) {
      assertThat(line.path("time").asLong()).isBetween(before, System.currentTimeMillis());
      assertThat(line.path("remote").asText()).isEqualTo("127.0.0.1");
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(stored()).hasSize(expected.size()));
    List<JsonNode> stored = stored();
    assertThat(stored.stream().map(AuditLogIT::describe)).containsExactlyElementsOf(expected);
    for (int i = 0; i < stored.size(); i++) {
      JsonNode entry = stored.get(i).deepCopy();
      assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) entry).remove("id").asText())
          .startsWith(entry.path("time").asText() + ".");
      assertThat(entry).isEqualTo(lines().get(i));
    }
    assertNoSecretWritten();
  }

  @Test
  void aReloadOfTheTokensFileIsAnEntryAndTheNewTokenIsNeverWritten() {
    TokenFiles.write(file, tokens(entry("ops", RELOADED, "admin", "")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> as(RELOADED, "DELETE", "/v1/deployments/d9", null).statusCode() == 404);
    TokenFiles.write(file, "{'tokens':[{'name':'ops','token':'" + OPS + "'}]}");

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(lines().stream().map(AuditLogIT::describe))
                    .contains(
                        "tokens.reload " + file + " null null null 0 ok",
                        "deployment.delete d9 ops DELETE /v1/deployments/d9 404 NOT_FOUND",
                        "tokens.reload " + file + " null null null 0 INVALID_TOKENS_FILE"));
    assertNoSecretWritten();
  }

  @Test
  void theAuditPageLimitIsAThousand() {
    assertThat(as(OPS, "GET", "/v1/audit?limit=1000", null).statusCode()).isEqualTo(200);
    HttpResponse<String> over = as(OPS, "GET", "/v1/audit?limit=1001", null);
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(parse(over.body()).path("error").path("message").asText()).contains("1..1000");
    assertThat(as(OPS, "GET", "/v1/audit?limit=0", null).statusCode()).isEqualTo(400);
    HttpResponse<String> bad = as(OPS, "GET", "/v1/audit?from=yesterday", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(parse(bad.body()).path("error").path("code").asText()).isEqualTo("INVALID");
    assertThat(as(FEEDER, "GET", "/v1/audit", null).statusCode()).isEqualTo(403);
  }

  /** No token, nor the egress header's secret, in any log event or stored entry. */
  void assertNoSecretWritten() {
    List<String> written = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(everything.list)) {
      written.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        written.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    List.copyOf(audit.list).forEach(e -> written.add(e.getFormattedMessage()));
    written.add(as(OPS, "GET", "/v1/audit?limit=1000", null).body());
    assertThat(written).isNotEmpty();
    for (String text : written) {
      for (String secret : SECRETS) {
        assertThat(text).as("a written line").doesNotContain(secret);
      }
    }
  }
}
