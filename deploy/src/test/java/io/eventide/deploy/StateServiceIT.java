package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.process.NodeProcess;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eventide state-service} as a process of its own, used through the remote backend. */
class StateServiceIT {
  @TempDir Path dir;

  @Test
  void servesItsStoreOverGrpcAndKeepsItAcrossARestart() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    try (NodeProcess service = start()) {
      assertThat(service.url().toString()).startsWith("grpc://127.0.0.1:");
      try (Store store = Stores.remote("127.0.0.1", service.port());
          Transaction tx = store.begin()) {
        assertThat(store.backend()).isEqualTo("remote");
        tx.set(key, "v1".getBytes(StandardCharsets.UTF_8));
        tx.commitAsync().join();
      }
      assertThat(service.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isIn(0, 143);
    }
    try (NodeProcess service = start();
        Store store = Stores.remote("127.0.0.1", service.port());
        Transaction tx = store.begin()) {
      assertThat(new String(tx.get(key), StandardCharsets.UTF_8)).isEqualTo("v1");
    }
  }

  private NodeProcess start() {
    Path log =
        Path.of("target", "it-logs", "state-service-" + ProcessHandle.current().pid() + ".log");
    return NodeProcess.startRole(
        "state-service",
        TestNodes.childClassPath(),
        TestNodes.jvm("256m"),
        List.of("--grpc-port", "0", "--data-dir", dir.toString()),
        Map.of(),
        log.toAbsolutePath(),
        TestNodes.START_TIMEOUT);
  }
}
