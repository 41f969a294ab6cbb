package io.eventide.deploy.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A small blocking client of a node's HTTP API, used by the launcher's client subcommands and by
 * the demo.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; safe to share between threads (the JDK {@link HttpClient} is thread-safe).
 */
public final class EventideClient {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private final HttpClient http;
  private final URI base;
  private final String adminToken;
  private final String ingressToken;
  private final Duration timeout;

  /**
   * A client of the node at {@code base}, e.g. {@code http://127.0.0.1:7070}; tokens may be null.
   */
  public EventideClient(URI base, String adminToken, String ingressToken) {
    this(base, adminToken, ingressToken, null);
  }

  /**
   * A client of the node at {@code base} that trusts, for {@code https://}, the certificates {@code
   * tls} trusts (see {@link TrustedCa}); null: the JVM's default trust store.
   */
  public EventideClient(URI base, String adminToken, String ingressToken, SSLContext tls) {
    // Redirects followed: in a cluster, a node sends a call for a key group it does not hold to the
    // node that does (307, same method and body).
    this(
        http(tls),
        URI.create(base.toString().replaceAll("/+$", "")),
        blankToNull(adminToken),
        blankToNull(ingressToken),
        DEFAULT_TIMEOUT);
  }

  private EventideClient(
      HttpClient http, URI base, String adminToken, String ingressToken, Duration timeout) {
    this.http = http;
    this.base = base;
    this.adminToken = adminToken;
    this.ingressToken = ingressToken;
    this.timeout = timeout;
  }

  private static HttpClient http(SSLContext tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }

  /** The same client with another per-request timeout (default 120 s). */
  public EventideClient withTimeout(Duration requestTimeout) {
    return new EventideClient(http, base, adminToken, ingressToken, requestTimeout);
  }

  /** The node's base URI. */
  public URI base() {
    return base;
  }

  /** {@code POST /v1/deployments}: uploads a function jar. */
  public HttpAnswer deploy(Path jar, String name) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(jar);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
    String query = name == null ? "" : "?name=" + encode(name);
    return post("/v1/deployments" + query, bytes, "application/java-archive", adminToken, null);
  }

  /** {@code POST /v1/send/{address}}; idempotencyKey and eventTime may be null. */
  public HttpAnswer send(
      String address, byte[] body, String contentType, String idempotencyKey, Long eventTime) {
    HttpRequest.Builder request = request("/v1/send/" + addressPath(address), ingressToken);
    header(request, "Idempotency-Key", idempotencyKey);
    header(request, "X-Event-Time", eventTime == null ? null : eventTime.toString());
    return exchange(
        request.header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)));
  }

  /** {@code POST /v1/call/{address}}; idempotencyKey may be null. */
  public HttpAnswer call(String address, byte[] body, String contentType, String idempotencyKey) {
    HttpRequest.Builder request = request("/v1/call/" + addressPath(address), ingressToken);
    header(request, "Idempotency-Key", idempotencyKey);
    return exchange(
        request.header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)));
  }

  /** {@code POST /v1/ingress/{source}/events} with NDJSON lines. */
  public HttpAnswer ingest(String source, String ndjson) {
    return ingest(source, ndjson.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code POST /v1/ingress/{source}/events} with NDJSON bytes. */
  public HttpAnswer ingest(String source, byte[] ndjson) {
    return post(
        "/v1/ingress/" + encode(source) + "/events",
        ndjson,
        "application/x-ndjson",
        ingressToken,
        null);
  }

  /** {@code POST /v1/ingress/{source}/watermark}. */
  public HttpAnswer watermark(String source, long watermark) {
    return post(
        "/v1/ingress/" + encode(source) + "/watermark",
        ("{\"watermark\": " + watermark + "}").getBytes(StandardCharsets.UTF_8),
        "application/json",
        ingressToken,
        null);
  }

  /** {@code GET /v1/ingress/{source}} (an ingress-token endpoint). */
  public HttpAnswer source(String source) {
    return exchange(request("/v1/ingress/" + encode(source), ingressToken).GET());
  }

  /** {@code GET /v1/state/{address}}. */
  public HttpAnswer state(String address) {
    return get("/v1/state/" + addressPath(address));
  }

  /** {@code GET /v1/egress/{name}?from=&limit=} (an ingress-token endpoint). */
  public HttpAnswer egress(String name, long from, int limit) {
    return exchange(
        request("/v1/egress/" + encode(name) + "?from=" + from + "&limit=" + limit, ingressToken)
            .GET());
  }

  /** A GET of any admin path (with query), authorised with the admin token. */
  public HttpAnswer get(String pathAndQuery) {
    return exchange(request(pathAndQuery, adminToken).GET());
  }

  /** A PUT of JSON to any admin path, authorised with the admin token. */
  public HttpAnswer put(String path, byte[] json) {
    return exchange(
        request(path, adminToken)
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofByteArray(json)));
  }

  /** A DELETE of any admin path, authorised with the admin token. */
  public HttpAnswer delete(String path) {
    return exchange(request(path, adminToken).DELETE());
  }

  /** A POST of JSON to any admin path, authorised with the admin token. */
  public HttpAnswer postJson(String path, byte[] json) {
    return post(path, json, "application/json", adminToken, null);
  }

  /** A POST of a JSON body to an admin path. */
  public HttpAnswer postAdmin(String path, String json) {
    return post(path, json.getBytes(StandardCharsets.UTF_8), "application/json", adminToken, null);
  }

  /** A path segment, URL-encoded. */
  public static String segment(String value) {
    return encode(value);
  }

  /** A POST of any path, authorised with {@code token} (may be null), optional idempotency key. */
  public HttpAnswer post(
      String pathAndQuery, byte[] body, String contentType, String token, String idempotencyKey) {
    HttpRequest.Builder request = request(pathAndQuery, token);
    header(request, "Idempotency-Key", idempotencyKey);
    return exchange(
        request.header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)));
  }

  /**
   * Turns {@code ns/type/id} into a path with the id URL-encoded (ids may contain any character,
   * including '/').
   */
  public static String addressPath(String address) {
    String[] parts = address.split("/", 3);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("address '" + address + "' must be namespace/type/id");
    }
    return encode(parts[0]) + "/" + encode(parts[1]) + "/" + encode(parts[2]);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String pathAndQuery, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
    header(request, "Authorization", token == null ? null : "Bearer " + token);
    return request;
  }

  private static void header(HttpRequest.Builder request, String name, String value) {
    if (value != null) {
      request.header(name, value);
    }
  }

  private HttpAnswer exchange(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      var response = http.send(built, BodyHandlers.ofByteArray());
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      String retryAfter = response.headers().firstValue("Retry-After").orElse("");
      return new HttpAnswer(response.statusCode(), contentType, response.body(), retryAfter);
    } catch (IOException e) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted during " + built.method() + " " + built.uri(), e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() != null
        ? e.getMessage()
        : e.getClass().getSimpleName() + " (is the node running?)";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
