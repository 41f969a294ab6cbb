package io.eventide.deploy;

import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a role's {@code --metrics-port} endpoint, found by the line its log names it in. */
final class RoleMetrics {
  private static final Pattern SERVED = Pattern.compile("metrics on (http://[^/\\s]+)/metrics");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RoleMetrics() {}

  /** The Prometheus text {@code role} serves now. */
  static String scrape(NodeProcess role) {
    HttpResponse<String> answer = get(role, "/metrics");
    if (answer.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + answer.statusCode());
    }
    return answer.body();
  }

  static int status(NodeProcess role, String path) {
    return get(role, path).statusCode();
  }

  /** The value of the sample {@code name} without labels in {@code text}. */
  static double value(String text, String name) {
    Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
    if (!sample.find()) {
      throw new AssertionError("no sample " + name + " in:\n" + text);
    }
    return Double.parseDouble(sample.group(1));
  }

  private static HttpResponse<String> get(NodeProcess role, String path) {
    try {
      Matcher served = SERVED.matcher(Files.readString(role.log(), StandardCharsets.UTF_8));
      if (!served.find()) {
        throw new AssertionError("the role's log names no metrics endpoint: " + role.log());
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(served.group(1) + path))
              .timeout(Duration.ofSeconds(10))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
