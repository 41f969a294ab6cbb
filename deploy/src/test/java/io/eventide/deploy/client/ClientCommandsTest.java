package io.eventide.deploy.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.Launcher;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client subcommands against a fake node that records requests and answers canned JSON. */
class ClientCommandsTest {
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> headers = new ConcurrentHashMap<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Undertow server;
  private String url;

  @BeforeEach
  void startFakeNode() {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange -> {
                  if (exchange.isInIoThread()) {
                    exchange.dispatch(this::answer);
                    return;
                  }
                  answer(exchange);
                })
            .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    url = "http://127.0.0.1:" + port;
  }

  @AfterEach
  void stopFakeNode() {
    server.stop();
  }

  private void answer(HttpServerExchange exchange) {
    exchange.startBlocking();
    String body;
    try {
      body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString())
            + " "
            + body);
    exchange
        .getRequestHeaders()
        .forEach(h -> headers.put(h.getHeaderName().toString().toLowerCase(), h.getFirst()));
    String path = exchange.getRequestPath();
    int status = path.contains("missing") ? 404 : path.startsWith("/v1/send") ? 202 : 200;
    String answer =
        status == 404
            ? "{\"error\":{\"code\":\"not_found\",\"message\":\"no such type\"}}"
            : path.startsWith("/v1/call") ? "6" : "{\"ok\":\"" + path + "\"}";
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(answer);
  }

  private int run(String... args) {
    CommandLine commandLine = Launcher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void sendCarriesKeyEventTimeTokenAndEncodedId() {
    int code =
        run(
            "send",
            "--url",
            url,
            "--ingress-token",
            "secret",
            "--idempotency-key",
            "k-1",
            "--event-time",
            "1700000000000",
            "example/counter/a b",
            "5");

    assertThat(code).isZero();
    assertThat(requests).containsExactly("POST /v1/send/example/counter/a%20b 5");
    assertThat(headers)
        .containsEntry("idempotency-key", "k-1")
        .containsEntry("x-event-time", "1700000000000")
        .containsEntry("authorization", "Bearer secret")
        .containsEntry("content-type", "application/json");
    assertThat(out.toString()).isEqualTo("{\"ok\":\"/v1/send/example/counter/a b\"}\n");
  }

  @Test
  void callPrintsTheReplyAndSendsTextAsText() {
    assertThat(run("call", "--url", url, "example/greeter/ada", "Ada")).isZero();
    assertThat(out.toString()).isEqualTo("6\n");
    assertThat(headers).containsEntry("content-type", "text/plain; charset=utf-8");
  }

  @Test
  void callCarriesKeyTokenAndTheContentTypeGiven() {
    int code =
        run(
            "call",
            "--url",
            url,
            "--ingress-token",
            "secret",
            "--idempotency-key",
            "k-2",
            "--content-type",
            "application/x-counter",
            "example/greeter/ada",
            "Ada");

    assertThat(code).isZero();
    assertThat(requests).containsExactly("POST /v1/call/example/greeter/ada Ada");
    assertThat(headers)
        .containsEntry("idempotency-key", "k-2")
        .containsEntry("authorization", "Bearer secret")
        .containsEntry("content-type", "application/x-counter");
  }

  @Test
  void deployUploadsTheJarWithItsNameAndTheAdminToken(@TempDir Path dir) throws Exception {
    Path jar = Files.write(dir.resolve("fn.jar"), "PK-bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(
            run("deploy", "--url", url, "--admin-token", "adm", "--name", "shop", jar.toString()))
        .isZero();
    assertThat(requests).containsExactly("POST /v1/deployments?name=shop PK-bytes");
    assertThat(headers)
        .containsEntry("authorization", "Bearer adm")
        .containsEntry("content-type", "application/java-archive");
  }

  @Test
  void statusCombinesClusterAndFunctions() {
    assertThat(run("status", "--url", url)).isZero();
    assertThat(requests)
        .extracting(r -> r.split(" ")[1])
        .containsExactly("/v1/cluster", "/v1/functions");
    assertThat(out.toString())
        .contains("\"cluster\"", "\"/v1/cluster\"", "\"functions\"", "\"/v1/functions\"");
  }

  @Test
  void non2xxGoesToStderrWithExitOne() {
    assertThat(run("state", "--url", url, "example/missing/x")).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("eventide: HTTP 404", "no such type");
  }

  @Test
  void malformedAddressIsRejectedBeforeAnyRequest() {
    assertThat(run("state", "--url", url, "just-a-type")).isEqualTo(1);
    assertThat(requests).isEmpty();
    assertThat(err.toString()).contains("must be namespace/type/id");
  }
}
