package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.files.Trees;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code example/payment-reminder} on a real node killed and started again: a reminder cancelled
 * and an expiry timer deleted before the kill never arrive after it, while the unpaid order's do.
 */
class PaymentReminderIT {
  private Path tmp;
  private NodeProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (tmp != null) {
      Trees.delete(tmp);
    }
  }

  private EventideClient start(Path data) {
    node = TestNodes.start(data);
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(30));
  }

  private static void send(EventideClient client, String id, String body) {
    HttpAnswer answer =
        client.send(
            "example/payment-reminder/" + id,
            body.getBytes(StandardCharsets.UTF_8),
            "text/plain",
            null,
            null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
  }

  @Test
  void aPaidOrdersReminderAndExpiryNeverArriveAfterTheNodeIsKilledAndStarted() throws Exception {
    tmp = Files.createTempDirectory("payment-reminder-");
    Path data = tmp.resolve("data");
    EventideClient client = start(data);
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);

    // Reminders in 3 s, expiries in 6 s: paid, killed and started again well before either.
    send(client, "o-1", "placed 3000");
    send(client, "o-2", "placed 3000");
    send(client, "o-1", "paid");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Json.egress(client, "payment-reminders").contains("paid o-1"));
    node.kill();

    EventideClient restarted = start(data);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Json.egress(restarted, "payment-reminders").contains("expired o-2"));
    assertThat(Json.egress(restarted, "payment-reminders"))
        .isEqualTo(List.of("paid o-1", "reminder o-2", "expired o-2"));
  }
}
