package io.eventide.benchmarks.jmh;

import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable commits of the embedded store (RocksDB with fsync, in a temporary directory): one
 * committer, and eight, whose commits the store groups into one write and one fsync.
 *
 * <pre>
 * benchmarks/jmh.sh StoreCommit
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StoreCommitBenchmark {
  /** Keys written per transaction. */
  @Param({"1", "100"})
  public int writes;

  private Path dir;
  private Store store;
  private final byte[] value = new byte[64];

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("eventide-jmh-store");
    store = Stores.rocksdb(dir);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    TempStores.closeAndDelete(store, dir);
  }

  @Benchmark
  public Object commit() {
    return commitOne();
  }

  @Benchmark
  @Threads(8)
  public Object commitFromEightThreads() {
    return commitOne();
  }

  private Object commitOne() {
    try (Transaction tx = store.begin()) {
      long base = ThreadLocalRandom.current().nextLong();
      for (int i = 0; i < writes; i++) {
        tx.set(key(base + i), value);
      }
      return tx.commitAsync().join();
    }
  }

  private static byte[] key(long n) {
    byte[] key = new byte[12];
    key[0] = 'b';
    key[1] = 'k';
    for (int i = 0; i < 8; i++) {
      key[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
    return key;
  }
}
