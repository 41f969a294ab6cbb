package io.eventide.benchmarks.restate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.endpoint.definition.ServiceDefinition;
import dev.restate.sdk.endpoint.definition.ServiceType;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Catches a build that lost the SDK's annotation processor (the counter would then be unknown at
 * run time, and the benchmark would only find out against a Restate server), and a server that does
 * not answer Restate's discovery on loopback.
 */
class CounterServerTest {

  @Test
  void theCounterIsAKeyedObjectWithAnAddHandler() {
    ServiceDefinition counter = Endpoint.bind(new Counter()).build().resolveService("Counter");
    assertThat(counter).isNotNull();
    assertThat(counter.getServiceType()).isEqualTo(ServiceType.VIRTUAL_OBJECT);
    assertThat(counter.getHandler("add")).isNotNull();
  }

  @Test
  void servesDiscoveryOnLoopback() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = CounterServer.start(vertx, 0);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.actualPort() + "/discover"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("\"Counter\"");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
