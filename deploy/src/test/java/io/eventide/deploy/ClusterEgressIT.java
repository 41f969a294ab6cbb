package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import io.eventide.dispatcher.testing.TestSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured webhook egress in a two-node cluster: one node delivers it, every gateway serves its
 * configuration, and when the delivering node is killed with SIGKILL the other takes the delivery
 * over with the key group, every record applied once by key and in order per sender.
 */
class ClusterEgressIT {
  static final String[] USERS = {"alice", "bob", "carol"};

  @TempDir Path tmp;

  @Test
  void deliveryMovesToTheSurvivorOfAKilledNode() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(tmp);
        TestSink sink = new TestSink()) {
      ClusterFixture.TwoNodes nodes = cluster.twoServingNodes();
      HttpAnswer created =
          nodes
              .toA()
              .postAdmin(
                  "/v1/egresses",
                  "{\"name\":\"notifications\",\"kind\":\"http\",\"url\":\"" + sink.url() + "\"}");
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      assertThat(nodes.toB().get("/v1/egresses/notifications").status()).isEqualTo(200);

      notifyAll(nodes.toA(), 1, 5);
      await().atMost(ClusterFixture.WAIT).until(() -> sink.applied().size() == 15);
      String deliverer = deliveredBy(nodes.toB());
      assertThat(deliverer).isIn("a", "b");

      NodeProcess killed = deliverer.equals("a") ? nodes.a() : nodes.b();
      EventideClient survivor = deliverer.equals("a") ? nodes.toB() : nodes.toA();
      killed.kill();
      notifyAll(survivor, 6, 10);

      await().atMost(ClusterFixture.WAIT).until(() -> sink.applied().size() == 30);
      Map<String, Integer> last = new HashMap<>();
      for (TestSink.Received r : sink.applied()) {
        String[] parts = r.body().split(":");
        int n = Integer.parseInt(parts[1]);
        assertThat(n).as("order of " + parts[0]).isEqualTo(last.getOrDefault(parts[0], 0) + 1);
        last.put(parts[0], n);
      }
      await().atMost(ClusterFixture.WAIT).until(() -> !deliveredBy(survivor).equals(deliverer));
    }
  }

  /** Notifications {@code from..to} of every user, retried while key groups change hands. */
  static void notifyAll(EventideClient client, int from, int to) {
    for (int n = from; n <= to; n++) {
      for (String user : USERS) {
        byte[] body = ("n" + n).getBytes(StandardCharsets.UTF_8);
        String key = user + "-" + n;
        await()
            .atMost(ClusterFixture.WAIT)
            .until(
                () ->
                    client.send("example/notifier/" + user, body, "text/plain", key, null).status()
                        == 202);
      }
    }
  }

  static String deliveredBy(EventideClient client) {
    JsonNode view = Json.parse(client.get("/v1/cluster"));
    return view.path("egresses").path("notifications").path("deliveredBy").asText();
  }
}
