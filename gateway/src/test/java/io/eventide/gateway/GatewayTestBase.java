package io.eventide.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a real gateway on 127.0.0.1:0 over fakes, and talks to it with the JDK HTTP client. */
abstract class GatewayTestBase {
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  FakeIngress ingress;
  FakeQueries queries;
  FakeDeployments deployments;
  PrometheusMeterRegistry registry;
  Gateway gateway;

  @BeforeEach
  void startGateway() {
    start(GatewayConfig.of("127.0.0.1", 0));
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
    registry.close();
  }

  /** Restarts with {@code config} and fresh fakes. */
  void start(GatewayConfig config) {
    if (gateway != null) {
      stopGateway();
    }
    ingress = new FakeIngress();
    queries = new FakeQueries();
    deployments = new FakeDeployments("shop/cart", "shop/counter");
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    gateway = new Gateway(config, ingress, queries, deployments, registry);
    gateway.start();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
        .timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      return CLIENT.send(
          builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * {@code method} on {@code path} of the gateway at {@code port}; body and token null for none.
   */
  static HttpResponse<String> exchange(
      int port, String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder request =
        withToken(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)),
            method,
            body,
            token);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code request} as {@code method} with {@code body} and {@code token}, each null for none. */
  static HttpRequest.Builder withToken(
      HttpRequest.Builder request, String method, String body, String token) {
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  HttpResponse<String> post(String path, byte[] body, String... headers) {
    HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** The error code of a JSON error response. */
  static String errorCode(HttpResponse<String> response) {
    return json(response).path("error").path("code").asText();
  }

  static String errorMessage(HttpResponse<String> response) {
    return json(response).path("error").path("message").asText();
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) over a raw socket, for
   * requests the JDK client refuses to build; returns the whole response text.
   */
  String raw(String head) {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("raw request failed", e);
    }
  }
}
