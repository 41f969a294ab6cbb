package io.eventide.gateway;

import static io.eventide.gateway.TokenFiles.entry;
import static io.eventide.gateway.TokenFiles.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoped tokens from a file: who gets 401, who 403, and what each role and scope reaches. */
class ScopedTokensIT extends GatewayTestBase {
  private static final String NDJSON = "application/x-ndjson";

  @TempDir Path dir;
  Path file;

  @BeforeEach
  void tokensFile() {
    file =
        TokenFiles.write(
            dir.resolve("tokens.json"),
            tokens(
                entry("ops", "ops-secret", "admin", ""),
                entry("feeder", "feed-secret", "ingress", ""),
                entry("viewer", "view-secret", "read", ""),
                entry("shop-writer", "shop-secret", "ingress", "'namespaces':['shop']"),
                entry(
                    "mixed",
                    "mixed-secret",
                    "ingress",
                    "'namespaces':['shop'],'types':['billing/invoice']"),
                entry("shop-reader", "shop-read-secret", "read", "'types':['shop/cart']")));
    start(GatewayConfig.of("127.0.0.1", 0).withAccess(new GatewayConfig.Access(file, null)));
    deployments.baseTypes.addAll(java.util.List.of("billing/invoice", "billing/refund"));
  }

  HttpResponse<String> as(String token, String method, String path, String body) {
    return send(withToken(request(path), method, body, token));
  }

  HttpResponse<String> batchAs(String token, String ndjson) {
    return send(
        withToken(request("/v1/ingress/orders/events"), "POST", ndjson, token)
            .header("Content-Type", NDJSON));
  }

  @Test
  void aMissingOrUnknownTokenIs401AndTheTokenIsNeverEchoed() {
    HttpResponse<String> missing = as(null, "POST", "/v1/send/shop/cart/a", "x");
    HttpResponse<String> unknown = as("guess-secret", "POST", "/v1/send/shop/cart/a", "x");
    HttpResponse<String> empty = as("", "GET", "/v1/deployments", null);

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(errorCode(unknown)).isEqualTo("UNAUTHORIZED");
    assertThat(unknown.body()).doesNotContain("guess");
    assertThat(empty.statusCode()).isEqualTo(401);
    // With a tokens file, no /v1 endpoint is open; probes and the console stay open.
    assertThat(as(null, "GET", "/v1/egress/log", null).statusCode()).isEqualTo(401);
    assertThat(as(null, "GET", "/v1/state/shop/cart/a", null).statusCode()).isEqualTo(401);
    assertThat(as(null, "GET", "/health", null).statusCode()).isEqualTo(200);
    assertThat(as(null, "GET", "/metrics", null).statusCode()).isEqualTo(200);
    assertThat(ingress.sent).isEmpty();
  }

  @Test
  void adminMayDoEverything() {
    assertThat(as("ops-secret", "POST", "/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(202);
    assertThat(as("ops-secret", "POST", "/v1/call/billing/invoice/a", "x").statusCode())
        .isEqualTo(200);
    assertThat(as("ops-secret", "GET", "/v1/state/shop/cart/a", null).statusCode()).isEqualTo(200);
    assertThat(as("ops-secret", "GET", "/v1/deployments", null).statusCode()).isEqualTo(200);
    assertThat(as("ops-secret", "GET", "/v1/cluster", null).statusCode()).isEqualTo(200);
    assertThat(as("ops-secret", "GET", "/v1/egress/log", null).statusCode()).isEqualTo(200);
  }

  @Test
  void ingressReachesTheDataPlaneOnly() {
    assertThat(as("feed-secret", "POST", "/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(202);
    assertThat(as("feed-secret", "POST", "/v1/call/shop/cart/a", "x").statusCode()).isEqualTo(200);
    assertThat(
            as("feed-secret", "POST", "/v1/ingress/s/watermark", "{\"watermark\":5}").statusCode())
        .isEqualTo(202);
    assertThat(as("feed-secret", "GET", "/v1/egress/log", null).statusCode()).isEqualTo(200);

    HttpResponse<String> deploy = as("feed-secret", "GET", "/v1/deployments", null);
    assertThat(deploy.statusCode()).isEqualTo(403);
    assertThat(errorCode(deploy)).isEqualTo("FORBIDDEN");
    assertThat(errorMessage(deploy)).contains("'feeder'", "ingress").doesNotContain("feed-secret");
    assertThat(as("feed-secret", "GET", "/v1/state/shop/cart/a", null).statusCode()).isEqualTo(403);
    assertThat(as("feed-secret", "GET", "/v1/functions", null).statusCode()).isEqualTo(403);
  }

  @Test
  void readIsRefusedEveryWrite() {
    assertThat(as("view-secret", "GET", "/v1/state/shop/cart/a", null).statusCode()).isEqualTo(200);
    assertThat(as("view-secret", "GET", "/v1/egress/log", null).statusCode()).isEqualTo(200);

    assertThat(as("view-secret", "POST", "/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(403);
    assertThat(as("view-secret", "POST", "/v1/call/shop/cart/a", "x").statusCode()).isEqualTo(403);
    assertThat(
            as("view-secret", "POST", "/v1/ingress/s/events", "{\"target\":\"shop/cart/a\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            as("view-secret", "POST", "/v1/ingress/s/watermark", "{\"watermark\":5}").statusCode())
        .isEqualTo(403);
    assertThat(as("view-secret", "DELETE", "/v1/deployments/d1", null).statusCode()).isEqualTo(403);
    assertThat(as("view-secret", "GET", "/v1/cluster", null).statusCode()).isEqualTo(403);
    assertThat(ingress.sent).isEmpty();
    assertThat(ingress.calls).isEmpty();
    assertThat(ingress.batches).isEmpty();
    assertThat(ingress.watermarks).isEmpty();
  }

  @Test
  void namespacesAndTypesBoundTheTargets() {
    assertThat(as("shop-secret", "POST", "/v1/send/shop/counter/a", "x").statusCode())
        .isEqualTo(202);
    HttpResponse<String> outside = as("shop-secret", "POST", "/v1/send/billing/invoice/a", "x");
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(errorMessage(outside)).contains("'shop-writer'", "'billing/invoice'");
    assertThat(as("shop-secret", "POST", "/v1/call/billing/invoice/a", "x").statusCode())
        .isEqualTo(403);

    // namespaces and types add up: all of shop, and billing/invoice alone.
    assertThat(as("mixed-secret", "POST", "/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(202);
    assertThat(as("mixed-secret", "POST", "/v1/send/billing/invoice/a", "x").statusCode())
        .isEqualTo(202);
    assertThat(as("mixed-secret", "POST", "/v1/send/billing/refund/a", "x").statusCode())
        .isEqualTo(403);

    assertThat(as("shop-read-secret", "GET", "/v1/state/shop/cart/a", null).statusCode())
        .isEqualTo(200);
    assertThat(as("shop-read-secret", "GET", "/v1/state/shop/counter/a", null).statusCode())
        .isEqualTo(403);
    assertThat(ingress.sent).hasSize(3);
    assertThat(ingress.calls).isEmpty();
  }

  @Test
  void aBatchWithOneLineOutOfScopeIsRefusedWhole() {
    String batch =
        "{\"target\":\"shop/cart/a\",\"payload\":1}\n"
            + "{\"target\":\"shop/counter/b\",\"payload\":2}\n"
            + "{\"target\":\"billing/invoice/c\",\"payload\":3}\n"
            + "{\"target\":\"shop/cart/d\",\"payload\":4}\n";

    HttpResponse<String> refused = batchAs("shop-secret", batch);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(errorCode(refused)).isEqualTo("FORBIDDEN");
    assertThat(errorMessage(refused)).startsWith("line 3: ").contains("'billing/invoice'");
    assertThat(ingress.batches).isEmpty();

    HttpResponse<String> inScope = batchAs("mixed-secret", batch);
    assertThat(inScope.statusCode()).isEqualTo(202);
    assertThat(ingress.batches).hasSize(1);
    assertThat(ingress.batches.get(0).events()).hasSize(4);
  }
}
