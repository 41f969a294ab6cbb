package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL and checks that every commit it acknowledged is durable and that
 * commit versions keep increasing after the restart.
 */
class RocksStoreCrashIT {
  @TempDir Path dir;

  @Test
  void acknowledgedCommitsSurviveSigkill() throws Exception {
    Path data = dir.resolve("store");
    Process child = startWriter(data);
    Map<Long, Long> acks = new ConcurrentHashMap<>();
    Thread reader = new Thread(() -> readAcks(child, acks), "crash-it-ack-reader");
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= 2_000 || !child.isAlive());
      assertThat(child.isAlive()).as("writer still running").isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no RocksDB close
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(20_000);
    }
    long maxAckedVersion = acks.values().stream().mapToLong(Long::longValue).max().orElseThrow();

    try (Store store = Stores.rocksdb(data);
        Transaction tx = store.begin()) {
      List<Long> missing = new ArrayList<>();
      for (long n : acks.keySet()) {
        if (tx.snapshot().get(CrashWriterMain.key(n)) == null) {
          missing.add(n);
        }
      }
      assertThat(missing).as("acknowledged but lost").isEmpty();
      tx.set(CrashWriterMain.key(-1), new byte[] {1});
      assertThat(tx.commitAsync().get(10, TimeUnit.SECONDS).version())
          .isGreaterThan(maxAckedVersion);
    }
  }

  private static Process startWriter(Path data) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriterMain.class.getName(),
            data.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void readAcks(Process child, Map<Long, Long> acks) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ack")) {
          acks.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
