package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventide.deploy.OtlpReceiver.Received;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --otlp-endpoint}: a standalone node exports its spans over OTLP/HTTP to a receiver in the
 * test. One call is one trace from the gateway through the dispatcher's enqueue, the invocation and
 * the worker's handler call to the commit; the message the handler sends to another function starts
 * a trace linked to the sender's invocation, and the batch's commit links to what it commits.
 */
class TracingIT {
  private static final String CALL_ROUTE = "POST /v1/call/{ns}/{type}/{id}";
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  @TempDir Path tmp;

  @Test
  void aCallIsOneTraceThroughInvokeAndCommitAndItsMessagesAreLinked() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        NodeProcess node =
            TestNodes.start(tmp.resolve("data"), "--otlp-endpoint", receiver.endpoint())) {
      EventideClient client =
          new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
      assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);

      byte[] request = "{\"targets\":[\"a\"],\"amount\":3}".getBytes(StandardCharsets.UTF_8);
      assertThat(client.call("example/fanout/f1", request, "application/json", null).text())
          .isEqualTo("1");

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertCallTrace(receiver.spans(), role -> "eventide-standalone"));

      // A handler that always throws: every attempt is a failed span in the call's trace.
      assertThat(client.call("example/failing/x", request, "application/json", null).status())
          .isEqualTo(422);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertFailedAttempts(receiver.spans()));
      assertThat(receiver.refused()).isEmpty();
    }
  }

  @Test
  void inAClusterTheTraceCrossesTheRolesProcesses() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        RoleCluster cluster = new RoleCluster(tmp)) {
      String[] traced = {"--otlp-endpoint", receiver.endpoint()};
      cluster.stateService();
      cluster.atOnce(
          () -> cluster.role("dispatcher", "dispatcher-1", traced),
          () -> cluster.role("worker", "worker-1", traced));
      cluster.role("gateway", "gateway-1", traced);
      EventideClient client = cluster.client("gateway-1");
      cluster.explained(
          () -> {
            assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
            byte[] request = "{\"targets\":[\"a\"],\"amount\":3}".getBytes(StandardCharsets.UTF_8);
            Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () ->
                        client.call("example/fanout/f1", request, "application/json", null).text(),
                    "1"::equals);
            Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertCallTrace(receiver.spans(), role -> "eventide-" + role));
          });
    }
  }

  @Test
  void aClientsTraceparentHeaderIsTheParentOfTheRequestsSpan() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        NodeProcess node =
            TestNodes.start(
                tmp.resolve("data"),
                "--otlp-endpoint",
                receiver.endpoint() + "/v1/traces",
                "--otlp-sample-ratio",
                "0")) {
      EventideClient client =
          new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
      assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
      HttpClient http = HttpClient.newHttpClient();
      // Ratio 0 samples no trace of its own, so only the sampled client's request is traced.
      assertThat(send(http, node, "b", null).statusCode()).isEqualTo(202);
      assertThat(
              send(http, node, "c", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01").statusCode())
          .isEqualTo(202);

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                // One of each: the request without a header was not sampled, nor anything after it.
                List<Received> spans = receiver.spans();
                Span server = one(spans, "POST /v1/send/{ns}/{type}/{id}");
                assertThat(hex(server.getTraceId())).isEqualTo(CLIENT_TRACE);
                assertThat(hex(server.getParentSpanId())).isEqualTo(CLIENT_SPAN);
                Span invoke = one(spans, "invoke example/counter");
                assertThat(hex(invoke.getTraceId())).isEqualTo(CLIENT_TRACE);
              });
    }
  }

  private static HttpResponse<String> send(
      HttpClient http, NodeProcess node, String id, String traceparent) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + "/v1/send/example/counter/" + id))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("1"));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The spans of the call to example/fanout that answered 200 (a cluster's first attempts may not),
   * each from the process {@code service} names for its role.
   */
  private static void assertCallTrace(List<Received> spans, Function<String, String> service) {
    for (Received s : spans) {
      String role =
          s.name().startsWith("handle ")
              ? "worker"
              : s.name().startsWith("POST ") ? "gateway" : "dispatcher";
      assertThat(s.service()).as(s.name()).isEqualTo(service.apply(role));
    }
    List<Span> answered =
        spans.stream()
            .map(Received::span)
            .filter(s -> s.getName().equals(CALL_ROUTE) && status(s) == 200)
            .toList();
    assertThat(answered).as("answered spans named %s", CALL_ROUTE).hasSize(1);
    Span server = answered.get(0);
    assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.getParentSpanId()).isEmpty();

    Span enqueue = childOf(spans, "enqueue example/fanout", server);
    Span invoke = childOf(spans, "invoke example/fanout", enqueue);
    assertThat(invoke.getEventsList())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("committed"));
    childOf(spans, "handle example/fanout", invoke);

    assertThat(spans)
        .as("a commit span links to the invocation it commits")
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("commit");
              assertThat(s.span().getLinksList())
                  .anySatisfy(link -> assertThat(link.getSpanId()).isEqualTo(invoke.getSpanId()));
            });

    List<Span> linked =
        spans.stream()
            .map(Received::span)
            .filter(s -> s.getName().equals("invoke example/counter"))
            .filter(
                s ->
                    s.getLinksList().stream()
                        .anyMatch(link -> link.getSpanId().equals(invoke.getSpanId())))
            .toList();
    assertThat(linked).as("invocations linked to the sender's").hasSize(1);
    Span counter = linked.get(0);
    assertThat(counter.getTraceId()).isNotEqualTo(server.getTraceId());
    assertThat(counter.getParentSpanId()).isEmpty();
    assertThat(counter.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
    assertThat(counter.getLinksList())
        .hasSize(1)
        .first()
        .satisfies(link -> assertThat(link.getTraceId()).isEqualTo(invoke.getTraceId()));
    childOf(spans, "handle example/counter", counter);
  }

  /** Each attempt of the failing call: an invocation and a handler call, both marked failed. */
  private static void assertFailedAttempts(List<Received> spans) {
    Span enqueue = one(spans, "enqueue example/failing");
    List<Span> attempts =
        spans.stream()
            .map(Received::span)
            .filter(s -> s.getName().equals("invoke example/failing"))
            .toList();
    assertThat(attempts)
        .hasSize(4) // --max-attempts' default
        .allSatisfy(
            invoke -> {
              assertThat(invoke.getParentSpanId()).isEqualTo(enqueue.getSpanId());
              assertThat(invoke.getStatus().getCode())
                  .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
              assertThat(invoke.getEventsList())
                  .anySatisfy(e -> assertThat(e.getName()).isEqualTo("failure committed"));
              Span handle = childOf(spans, "handle example/failing", invoke);
              assertThat(handle.getEventsList())
                  .anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
            });
  }

  private static long status(Span span) {
    return span.getAttributesList().stream()
        .filter(a -> a.getKey().equals("http.response.status_code"))
        .mapToLong(a -> a.getValue().getIntValue())
        .findFirst()
        .orElse(-1);
  }

  /** The one span named {@code name} whose parent is {@code parent}. */
  private static Span childOf(List<Received> spans, String name, Span parent) {
    List<Span> children =
        spans.stream()
            .map(Received::span)
            .filter(s -> s.getName().equals(name))
            .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
            .toList();
    assertThat(children).as("spans named %s under %s", name, parent.getName()).hasSize(1);
    assertThat(children.get(0).getTraceId()).isEqualTo(parent.getTraceId());
    return children.get(0);
  }

  private static Span one(List<Received> spans, String name) {
    List<Span> named =
        spans.stream().map(Received::span).filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named %s", name).hasSize(1);
    return named.get(0);
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
