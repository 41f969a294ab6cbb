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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL and checks that every commit it acknowledged is durable and that
 * commit versions keep increasing after the restart.
 */
class RocksStoreCrashIT {
  /** A memtable this small flushes, and so switches WAL files, every few hundred commits. */
  private static final long SMALL_WRITE_BUFFER = 64 << 10;

  @TempDir Path dir;

  @Test
  void acknowledgedCommitsSurviveSigkill() throws Exception {
    Path data = dir.resolve("store");
    Process child = startWriter(data);
    Map<Long, Long> acks = new ConcurrentHashMap<>();
    killAfter(child, acks, () -> acks.size() >= 2_000);
    checkRecovered(data, acks);
  }

  /**
   * The store writes over obsolete WAL files ({@link RocksResources#RECYCLED_WAL_FILES}), so a
   * crash can leave a log whose tail holds an older log's records. Recovery must stop at the last
   * record of the current log and lose nothing acknowledged before it.
   */
  @Test
  void acknowledgedCommitsSurviveSigkillInAReusedWalFile() throws Exception {
    Path data = dir.resolve("store");
    Process child = startWriter(data, Long.toString(SMALL_WRITE_BUFFER));
    Map<Long, Long> acks = new ConcurrentHashMap<>();
    AtomicInteger acksAtFirstReuse = new AtomicInteger(-1);
    killAfter(
        child,
        acks,
        () -> {
          long reused = WalReuse.count(data);
          if (acksAtFirstReuse.get() < 0 && reused > 0) {
            acksAtFirstReuse.set(acks.size());
          }
          // Several more reuses, and the kill lands while a reused file is the current log.
          return reused >= 3 && acks.size() >= acksAtFirstReuse.get() + 500;
        });
    checkRecovered(data, acks);
  }

  private static void killAfter(Process child, Map<Long, Long> acks, Callable<Boolean> done)
      throws Exception {
    Thread reader = new Thread(() -> readAcks(child, acks), "crash-it-ack-reader");
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> done.call() || !child.isAlive());
      assertThat(child.isAlive()).as("writer still running").isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no RocksDB close
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(20_000);
    }
  }

  private static void checkRecovered(Path data, Map<Long, Long> acks) throws Exception {
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

  private static Process startWriter(Path data, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(),
                data.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
