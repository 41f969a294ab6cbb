package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.tls.DevCertificates;
import io.eventide.tls.TrustedCa;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the gateway with real certificates and the JDK's HTTP client: HTTP/2 through ALPN, the
 * certificate replaced on disk served to new connections without a restart, and a start refused
 * with the file named when a PEM is missing or wrong.
 */
class HttpsIT extends GatewayTestBase {
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @TempDir Path dir;
  private DevCertificates ca;
  private Path cert;
  private Path key;

  @BeforeEach
  void issue() throws IOException {
    ca = DevCertificates.newAuthority("test CA", Duration.ofDays(1));
    ca.authority().writeTo(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
    cert = dir.resolve("gateway.pem");
    key = dir.resolve("gateway-key.pem");
    issueTo("gateway one");
  }

  private X509Certificate issueTo(String name) throws IOException {
    DevCertificates.Issued issued =
        ca.issue(name, List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
    issued.writeTo(cert, key);
    return issued.certificate();
  }

  private void startHttps() {
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withConnections(
                GatewayConfig.Connections.DEFAULTS.withTls(new GatewayConfig.Tls(cert, key))));
  }

  @Test
  void servesHttpsAndHttp2ToAClientTrustingTheCa() throws Exception {
    startHttps();
    HttpResponse<String> health = get(client(), "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<String> sent =
        client()
            .send(
                HttpRequest.newBuilder(url("/v1/send/shop/cart/a"))
                    .POST(HttpRequest.BodyPublishers.ofString("\"x\""))
                    .header("Content-Type", "application/json")
                    .timeout(DEADLINE)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).isEqualTo(202);
    assertThat(sent.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(ingress.sent).hasSize(1);
  }

  /**
   * HTTP/2 heads are bounded by Undertow's HTTP/2 parser, more tightly than {@link
   * ServerOptions#MAX_HEADER_BYTES} bounds HTTP/1.1's (measured: 17 KiB served, 24 KiB refused with
   * GOAWAY): a head past either bound never reaches a handler.
   */
  @Test
  void anHttp2RequestHeadIsBounded() throws Exception {
    startHttps();
    assertThat(getWithFiller(16 * 1024)).isEqualTo(200);
    assertThatThrownBy(() -> getWithFiller(ServerOptions.MAX_HEADER_BYTES + 1))
        .isInstanceOf(IOException.class);
    // The connection refused is the client's only: the next one is served.
    assertThat(get(client(), "/health").statusCode()).isEqualTo(200);
  }

  private int getWithFiller(int bytes) throws Exception {
    HttpResponse<String> response =
        client()
            .send(
                HttpRequest.newBuilder(url("/health"))
                    .header("x-filler", "f".repeat(bytes))
                    .timeout(DEADLINE)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    return response.statusCode();
  }

  @Test
  void anHttp1ClientIsServedToo() throws Exception {
    startHttps();
    HttpClient http1 =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting()).build();
    HttpResponse<String> health = get(http1, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void aReplacedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    startHttps();
    assertThat(servedSerial()).isNotNull();
    BigInteger before = servedSerial();
    X509Certificate next = issueTo("gateway two");
    assertThat(next.getSerialNumber()).isNotEqualTo(before);
    Awaitility.await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .until(this::servedSerial, next.getSerialNumber()::equals);
    assertThat(get(client(), "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aPlainHttpClientGetsNoAnswer() {
    startHttps();
    assertThatThrownBy(
            () ->
                CLIENT.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/health"))
                        .timeout(DEADLINE)
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aMissingOrWrongPemStopsTheStartNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> startWith(missing, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot be read");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
    assertThatThrownBy(() -> startWith(cert, garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("PRIVATE KEY");
    assertThatThrownBy(() -> startWith(key, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate file " + key);
    // The port the refused starts did not keep is free for the next start.
    startHttps();
    assertThat(get(client(), "/health").statusCode()).isEqualTo(200);
  }

  private void startWith(Path certFile, Path keyFile) {
    stopGateway();
    gateway = null;
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withConnections(
                GatewayConfig.Connections.DEFAULTS.withTls(
                    new GatewayConfig.Tls(certFile, keyFile))));
  }

  /**
   * The serial of the certificate a new connection is served (a new TLS context: no resumption).
   */
  private BigInteger servedSerial() throws Exception {
    HttpResponse<String> response = get(client(), "/health");
    X509Certificate served =
        (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return served.getSerialNumber();
  }

  private HttpClient client() throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(trusting())
        .build();
  }

  private HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(url(path)).timeout(DEADLINE).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI url(String path) {
    return URI.create("https://127.0.0.1:" + gateway.port() + path);
  }

  /** Trusts the test CA only; a new context each time, so no TLS session is resumed. */
  private SSLContext trusting() {
    return TrustedCa.context(dir.resolve("ca.pem"));
  }
}
