package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.dispatcher.EgressCatalog;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/egresses} on a real gateway over the real embedded store: tokens, shapes, deletes. */
class EgressesApiIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HOOK =
      "{\"name\":\"hooks\",\"kind\":\"http\",\"url\":\"http://127.0.0.1:9/h\","
          + "\"headers\":{\"Authorization\":\"Bearer s\"},\"timeout\":\"3s\"}";

  @TempDir Path dir;
  Store store;
  PrometheusMeterRegistry registry;
  Gateway gateway;

  @BeforeEach
  void start() {
    store = Stores.rocksdb(dir);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    gateway =
        new Gateway(
            GatewayConfig.of("127.0.0.1", 0).withTokens("admin-t", "ingress-t"),
            new FakeIngress(),
            new FakeQueries(),
            new FakeDeployments(),
            registry,
            EgressCatalog.open(store, new Keyspace("test")));
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.close();
    registry.close();
    store.close();
  }

  HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    return GatewayTestBase.exchange(gateway.port(), method, path, body, token);
  }

  @Test
  void onlyTheAdminTokenConfiguresEgresses() throws Exception {
    assertThat(send("POST", "/v1/egresses", HOOK, null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/v1/egresses", HOOK, "ingress-t").statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/egresses", null, "ingress-t").statusCode()).isEqualTo(403);
    assertThat(send("POST", "/v1/egresses", HOOK, "admin-t").statusCode()).isEqualTo(201);
  }

  @Test
  void anEgressIsShownWithItsDeliveryStateAndWithoutHeaderValues() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/egresses", HOOK, "admin-t");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/v1/egresses/hooks");

    JsonNode hooks = JSON.readTree(send("GET", "/v1/egresses/hooks", null, "admin-t").body());
    assertThat(hooks.path("url").asText()).isEqualTo("http://127.0.0.1:9/h");
    assertThat(hooks.path("timeout").asText()).isEqualTo("3s");
    assertThat(hooks.path("headers").path("Authorization").asText()).isEqualTo("***");
    assertThat(hooks.path("pending").asLong()).isZero();
    assertThat(hooks.path("delivered").asLong()).isZero();
    assertThat(hooks.path("lastError").isNull()).isTrue();
    assertThat(hooks.path("offset").asLong()).isEqualTo(-1);
    JsonNode list = JSON.readTree(send("GET", "/v1/egresses", null, "admin-t").body());
    assertThat(list.path("egresses")).hasSize(1);

    assertThat(send("DELETE", "/v1/egresses/hooks", null, "admin-t").statusCode()).isEqualTo(200);
    HttpResponse<String> gone = send("GET", "/v1/egresses/hooks", null, "admin-t");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(gone.body()).path("error").path("code").asText())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void aBodyOf64KiBIsReadAndOneByteMoreIsTooLarge() throws Exception {
    String prefix =
        "{\"name\":\"hooks\",\"kind\":\"http\",\"url\":\"http://127.0.0.1:9/h\",\"timeout\":\"3s\"";
    String fits = prefix + " ".repeat(64 * 1024 - prefix.length() - 1) + "}";
    assertThat(send("POST", "/v1/egresses", fits, "admin-t").statusCode()).isEqualTo(201);
    String over = prefix + " ".repeat(64 * 1024 - prefix.length()) + "}";
    assertThat(send("POST", "/v1/egresses", over, "admin-t").statusCode()).isEqualTo(413);
  }
}
