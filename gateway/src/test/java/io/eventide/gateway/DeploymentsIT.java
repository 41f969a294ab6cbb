package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.catalog.DeploymentException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentsIT extends GatewayTestBase {
  private static final byte[] JAR = "PK fake jar".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @Test
  void deployListInspectAndRemove() {
    deployments.nextFunctions = List.of("demo/greeter");

    HttpResponse<String> created =
        post("/v1/deployments?name=greeter", JAR, "Content-Type", "application/java-archive");

    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).path("deploymentId").asText();
    assertThat(json(created).path("version").asInt()).isEqualTo(1);
    assertThat(json(created).path("functions").get(0).asText()).isEqualTo("demo/greeter");
    assertThat(created.headers().firstValue("Location")).hasValue("/v1/deployments/" + id);
    assertThat(deployments.jars.get(0)).isEqualTo(JAR);
    // The new type is served at once.
    assertThat(post("/v1/send/demo/greeter/x", "hi").statusCode()).isEqualTo(202);

    assertThat(json(get("/v1/deployments")).path("deployments").get(0).path("name").asText())
        .isEqualTo("greeter");
    assertThat(json(get("/v1/deployments/" + id)).path("deploymentId").asText()).isEqualTo(id);

    HttpResponse<String> deleted = send(request("/v1/deployments/" + id).DELETE());
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(get("/v1/deployments/" + id).statusCode()).isEqualTo(404);
    assertThat(send(request("/v1/deployments/" + id).DELETE()).statusCode()).isEqualTo(404);
    assertThat(post("/v1/send/demo/greeter/x", "hi").statusCode()).isEqualTo(404);
  }

  @Test
  void deploymentErrorsMapToStatuses() {
    HttpResponse<String> invalid =
        post("/v1/deployments", "not a jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(errorCode(invalid)).isEqualTo("INVALID_JAR");

    deployments.failNext =
        new DeploymentException(DeploymentException.Code.CONFLICT, "shop/cart is served by dep-0");
    HttpResponse<String> conflict = post("/v1/deployments", JAR);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(errorMessage(conflict)).contains("shop/cart");

    deployments.failNext = new DeploymentException(DeploymentException.Code.TOO_LARGE, "too big");
    assertThat(post("/v1/deployments", JAR).statusCode()).isEqualTo(413);

    // In a cluster a worker checks each jar: without one the deploy cannot be decided yet.
    deployments.failNext =
        new DeploymentException(DeploymentException.Code.UNAVAILABLE, "no worker is live");
    HttpResponse<String> noWorker = post("/v1/deployments", JAR);
    assertThat(noWorker.statusCode()).isEqualTo(503);
    assertThat(errorCode(noWorker)).isEqualTo("UNAVAILABLE");
    assertThat(noWorker.headers().firstValue("Retry-After")).hasValue("1");

    HttpResponse<String> wrongType = post("/v1/deployments", JAR, "Content-Type", "text/plain");
    assertThat(wrongType.statusCode()).isEqualTo(415);
    // `curl --data-binary @fn.jar` sends this type; the documented one-liner must deploy.
    HttpResponse<String> curlDefault =
        post("/v1/deployments", JAR, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(curlDefault.statusCode()).isEqualTo(201);
    assertThat(
            send(request("/v1/deployments").PUT(HttpRequest.BodyPublishers.noBody())).statusCode())
        .isEqualTo(405);
  }

  @Test
  void jarsOverTheLimitAre413WithoutReachingDeployments() {
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withLimits(new GatewayConfig.Limits(1024, 4096, 10, 2048, 16)));
    byte[] big = new byte[4096];
    big[0] = 'P';
    big[1] = 'K';

    HttpResponse<String> response = post("/v1/deployments", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(errorCode(response)).isEqualTo("TOO_LARGE");
    assertThat(deployments.jars).isEmpty();
  }
}
