package io.eventide.benchmarks.jmh;

import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A shard's state load of a batch of uncached addresses from the embedded store (RocksDB in a
 * temporary directory, {@code keys} counters of one value each, flushed): the store's {@code
 * getPrefixes} of the batch, which reads them with one iterator sought to each, against a bounded
 * {@code getPrefix} of each, a new iterator per address (what the store did before). One operation
 * is one batch of {@code batch} random addresses, a fifth of them never written.
 *
 * <pre>
 * benchmarks/jmh.sh StateLoad -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StateLoadBenchmark {
  @Param({"1000000"})
  public int keys;

  @Param({"1000"})
  public int batch;

  private final Keyspace keyspace = new Keyspace("standalone");
  private Path dir;
  private Store store;
  private final SplittableRandom random = new SplittableRandom(23);

  @Setup(Level.Trial)
  public void fill() throws IOException {
    dir = Files.createTempDirectory("eventide-jmh-state");
    store = Stores.rocksdb(dir);
    byte[] value = new byte[8];
    for (int from = 0; from < keys; from += 50_000) {
      try (Transaction tx = store.begin()) {
        for (int k = from; k < Math.min(keys, from + 50_000); k++) {
          tx.set(keyspace.state("bench", "count", "i-k" + k, "count"), value);
        }
        tx.commitAsync().join();
      }
    }
    // Reopened, as a node restarts: RocksDB writes what the log holds to an SST on recovery, so
    // reads go to files and the block cache, as at a million keys in a running node, not to the
    // memtable.
    store.close();
    store = Stores.rocksdb(dir);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    TempDirs.delete(dir);
  }

  /** One batch's addresses: random ones of the store, and a fifth it never held. */
  private List<byte[]> prefixes() {
    List<byte[]> prefixes = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      int k = random.nextInt(keys + keys / 4);
      prefixes.add(keyspace.stateOf("bench", "count", "i-k" + k));
    }
    return prefixes;
  }

  @Benchmark
  public List<List<KeyValue>> oneIteratorPerBatch() {
    List<byte[]> prefixes = prefixes();
    try (Transaction tx = store.begin()) {
      return tx.snapshot().getPrefixes(prefixes);
    }
  }

  @Benchmark
  public List<List<KeyValue>> oneIteratorPerAddress() {
    List<byte[]> prefixes = prefixes();
    try (Transaction tx = store.begin()) {
      List<List<KeyValue>> all = new ArrayList<>(prefixes.size());
      for (byte[] prefix : prefixes) {
        all.add(tx.snapshot().getPrefix(prefix, 0));
      }
      return all;
    }
  }
}
