package io.eventide.benchmarks.jmh;

import io.eventide.dispatcher.testing.ClaimsFixture;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * The idempotency keys of one NDJSON slice on the embedded store (RocksDB in a temporary directory
 * holding {@code stored} earlier claims, flushed): reading their claims with {@code getMany}, one
 * {@code MultiGet}, against a {@code get} per key (what {@code getMany} was); and the slice's whole
 * claim ({@link DedupRecords#claimAll}: keys packed, claims read, records and expiry index entries
 * written to the transaction, not committed). One operation is one slice of {@code slice} keys, a
 * tenth of them claimed before, the same few slices in turn.
 *
 * <p>What a claim costs after its commit (the memtable, the log, compaction) is not here: {@code
 * benchmarks/keyed.sh} with {@code CLUSTER_INGEST_ARGS=--idempotency} measures that.
 *
 * <pre>
 * benchmarks/jmh.sh Claims -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ClaimsBenchmark {
  private static final int SLICES = 8;

  @Param({"1000000"})
  public int stored;

  @Param({"10000"})
  public int slice;

  private final Keyspace keyspace = new Keyspace("standalone");
  private ClaimsFixture fixture;
  private Path dir;
  private Store store;
  private int next;

  @Setup(Level.Trial)
  public void fill() throws IOException {
    dir = Files.createTempDirectory("eventide-jmh-claims");
    store = Stores.rocksdb(dir);
    fixture = new ClaimsFixture(keyspace, stored, SLICES, slice);
    for (int from = 0; from < stored; from += 20_000) {
      try (Transaction tx = store.begin()) {
        fixture.claimEvents(tx, from, Math.min(stored, from + 20_000), 1_000);
        tx.commitAsync().join();
      }
    }
    // Reopened: the claims are read from files and the block cache, as in a node that has run.
    store.close();
    store = Stores.rocksdb(dir);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    TempDirs.delete(dir);
  }

  private int nextSlice() {
    next = (next + 1) % SLICES;
    return next;
  }

  @Benchmark
  public List<byte[]> readOneMultiGet() {
    try (Transaction tx = store.begin()) {
      return tx.getMany(fixture.claimKeys(nextSlice()));
    }
  }

  @Benchmark
  public List<byte[]> readOneGetPerKey() {
    List<byte[]> keys = fixture.claimKeys(nextSlice());
    try (Transaction tx = store.begin()) {
      List<byte[]> values = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        values.add(tx.get(key));
      }
      return values;
    }
  }

  @Benchmark
  public int claimSlice() {
    try (Transaction tx = store.begin()) {
      return fixture.claimSlice(tx, nextSlice(), 2_000);
    }
  }
}
