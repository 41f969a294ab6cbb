package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.testing.DamagedJars;
import io.eventide.worker.testing.ZipBombs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway never loads user code (issue 18): a worker checks each new jar, and the gateway keeps
 * the deployment catalog as data. A jar whose module throws in {@code configure} is refused at
 * deploy time, as before; a jar damaged in the store afterwards cannot take the gateway down: it
 * starts and keeps serving ingress and {@code /v1/functions}, while the workers log the jar and
 * skip it. On a node (its worker in-process) and on a cluster of role processes.
 */
class DeploymentCatalogIT {
  private static final Keyspace KEYSPACE = new Keyspace(StandaloneNode.CLUSTER);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String REFUSES =
      "package refuses;\n"
          + "public final class Module implements io.eventide.sdk.FunctionModule {\n"
          + "  public void configure(io.eventide.sdk.FunctionRegistry registry) {\n"
          + "    throw new IllegalStateException(\"this module refuses to configure\");\n"
          + "  }\n"
          + "}\n";

  @TempDir Path tmp;

  @Test
  void onANodeABrokenModuleIsRefusedAndADamagedJarIsSkipped() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess node = TestNodes.start(data);
    try {
      EventideClient client = client(node);
      deployExamples(client);
      assertBrokenJarsAreRefused(client);
      String noise = deployed(deploy(client, BrokenJars.oneType(tmp, "doomed", "noise"), "noise"));
      String torn = deployed(deploy(client, BrokenJars.oneType(tmp, "doomed", "torn"), "torn"));
      assertServes(client, "before");
      node.stop(WAIT);

      try (Store store = Stores.rocksdb(data.resolve("store"))) {
        DamagedJars.garble(store, KEYSPACE, noise);
        DamagedJars.tear(store, KEYSPACE, torn);
      }
      node = TestNodes.start(data);
      client = client(node);

      assertServes(client, "after");
      assertThat(functions(client))
          .contains("doomed/noise", "doomed/torn"); // the catalog still lists them
      assertSkipped(node, noise, torn);
      // The operator's fix: a new version of the same name.
      assertThat(
              Json.parse(deploy(client, BrokenJars.oneType(tmp, "doomed", "noise"), "noise"))
                  .path("version")
                  .asInt())
          .isEqualTo(2);
    } finally {
      node.close();
    }
  }

  @Test
  void onAClusterTheGatewayAsksAWorkerAndServesWithoutOne() throws Exception {
    try (RoleCluster cluster = new RoleCluster(tmp.resolve("cluster")).stateService()) {
      cluster.atOnce(
          () -> cluster.role("dispatcher", "dispatcher-1"),
          () -> cluster.role("worker", "worker-1"));
      cluster.role("gateway", "gateway");
      EventideClient client = cluster.client("gateway");
      deployExamples(client);
      assertBrokenJarsAreRefused(client);
      HttpAnswer bomb = deploy(client, ZipBombs.manyEntries(150_000), "bomb");
      assertError(bomb, 413, "TOO_LARGE");
      assertThat(message(bomb)).contains("entries");
      String noise = deployed(deploy(client, BrokenJars.oneType(tmp, "doomed", "noise"), "noise"));
      String torn = deployed(deploy(client, BrokenJars.oneType(tmp, "doomed", "torn"), "torn"));
      assertServes(client, "before");

      try (Store store = Stores.remote("127.0.0.1", cluster.stateServicePort())) {
        DamagedJars.garble(store, KEYSPACE, noise);
        DamagedJars.tear(store, KEYSPACE, torn);
      }
      assertServes(client, "damaged");
      cluster.kill("worker-1");
      NodeProcess worker = cluster.restart("worker-1");
      assertSkipped(worker, noise, torn);
      assertServes(client, "new-worker");
      cluster.kill("gateway");
      cluster.restart("gateway");
      client = cluster.client("gateway");
      assertServes(client, "new-gateway");

      // Without a live worker a jar cannot be checked: 503 until one is back; the rest is served.
      worker.stop(WAIT);
      EventideClient withoutWorkers = client;
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                HttpAnswer answer =
                    deploy(withoutWorkers, BrokenJars.oneType(tmp, "later", "fn"), "later");
                assertError(answer, 503, "UNAVAILABLE");
                assertThat(message(answer)).contains("no worker is live");
              });
      assertThat(functions(client)).contains("example/counter");
      assertThat(
              client
                  .send("example/counter/queued", bytes("1"), "application/json", null, null)
                  .status())
          .isEqualTo(202);
      cluster.restart("worker-1");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          deploy(withoutWorkers, BrokenJars.oneType(tmp, "later", "fn"), "later")
                              .status())
                      .isEqualTo(201));
      assertThat(client.call("example/counter/queued", bytes("1"), "application/json", null).text())
          .isEqualTo("2");
    }
  }

  /** Refused at deploy time with a 400 naming the problem, as always; the gateway serves on. */
  private void assertBrokenJarsAreRefused(EventideClient client) {
    HttpAnswer throwing =
        deploy(
            client,
            BrokenJars.jar(tmp, Map.of("refuses.Module", REFUSES), "refuses.Module", List.of()),
            "refuses");
    assertError(throwing, 400, "INVALID_JAR");
    assertThat(message(throwing))
        .isEqualTo(
            "loading the jar's modules failed: IllegalStateException: this module refuses to configure");
    HttpAnswer missing =
        deploy(
            client,
            BrokenJars.jar(tmp, Map.of("refuses.Module", REFUSES), "refuses.Gone", List.of()),
            "refuses");
    assertError(missing, 400, "INVALID_JAR");
    assertThat(message(missing)).contains("refuses.Gone");
    HttpAnswer notAJar = deploy(client, bytes("definitely not a zip"), "refuses");
    assertError(notAJar, 400, "INVALID_JAR");
    assertThat(message(notAJar)).isEqualTo("not a jar: it does not start with a zip entry");
    assertThat(functions(client)).noneMatch(type -> type.startsWith("refuses/"));
  }

  /** Ingress and {@code /v1/functions} work, and the examples still run (on a fresh counter). */
  private static void assertServes(EventideClient client, String counter) {
    assertThat(functions(client)).contains("example/counter", "example/greeter");
    String event = "{\"target\":\"example/counter/" + counter + "\",\"payload\":1}\n";
    assertThat(client.ingest("catalog-it", event).status()).isEqualTo(202);
    HttpAnswer call =
        client.call("example/counter/" + counter, bytes("1"), "application/json", null);
    assertThat(call.status()).as(call.text()).isEqualTo(200);
    assertThat(call.text()).isEqualTo("2");
  }

  /** The worker logged each damaged deployment and went on without it. */
  private static void assertSkipped(NodeProcess process, String... ids) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              String log = Files.readString(process.log(), StandardCharsets.UTF_8);
              for (String id : ids) {
                assertThat(log).contains("cannot load stored deployment " + id);
              }
            });
  }

  private static void deployExamples(EventideClient client) {
    HttpAnswer answer = client.deploy(TestNodes.examplesJar(), "examples");
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private static HttpAnswer deploy(EventideClient client, byte[] jar, String name) {
    return client.post("/v1/deployments?name=" + name, jar, "application/java-archive", null, null);
  }

  private static String deployed(HttpAnswer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return Json.parse(answer).path("deploymentId").asText();
  }

  private static List<String> functions(EventideClient client) {
    JsonNode functions =
        Json.parse(client.get("/v1/functions").requireOk("GET /v1/functions")).path("functions");
    return StreamSupport.stream(functions.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static void assertError(HttpAnswer answer, int status, String code) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(Json.parse(answer).path("error").path("code").asText()).isEqualTo(code);
  }

  private static String message(HttpAnswer answer) {
    return Json.parse(answer).path("error").path("message").asText();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(WAIT);
  }
}
