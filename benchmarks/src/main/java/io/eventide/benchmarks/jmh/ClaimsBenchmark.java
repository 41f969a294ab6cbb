package io.eventide.benchmarks.jmh;

import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.protocol.DedupRecord;
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
  private final DedupRecords records = new DedupRecords(keyspace);
  private final byte[] fingerprint = new byte[32];
  private final List<List<DedupRecords.Claim>> claims = new ArrayList<>();
  private final List<List<byte[]>> claimKeys = new ArrayList<>();
  private Path dir;
  private Store store;
  private int next;

  @Setup(Level.Trial)
  public void fill() throws IOException {
    dir = Files.createTempDirectory("eventide-jmh-claims");
    store = Stores.rocksdb(dir);
    for (int from = 0; from < stored; from += 20_000) {
      List<DedupRecords.Claim> earlier = new ArrayList<>();
      for (int i = from; i < Math.min(stored, from + 20_000); i++) {
        earlier.add(claim(i));
      }
      try (Transaction tx = store.begin()) {
        records.claimAll(tx, earlier, 1_000);
        tx.commitAsync().join();
      }
    }
    // Reopened: the claims are read from files and the block cache, as in a node that has run.
    store.close();
    store = Stores.rocksdb(dir);
    SplittableRandom random = new SplittableRandom(7);
    for (int s = 0; s < SLICES; s++) {
      List<DedupRecords.Claim> one = new ArrayList<>(slice);
      List<byte[]> keys = new ArrayList<>(slice);
      for (int i = 0; i < slice; i++) {
        int n = random.nextInt(10) == 0 ? random.nextInt(stored) : stored + s * slice + i;
        DedupRecords.Claim claim = claim(n);
        one.add(claim);
        keys.add(claimKey(claim));
      }
      claims.add(one);
      claimKeys.add(keys);
    }
  }

  private DedupRecords.Claim claim(int n) {
    DedupRecords.Scope scope = new DedupRecords.Scope("orders", "bench", "count", "k" + n % 10_000);
    return new DedupRecords.Claim(scope, "orders:0123456789abcdef:" + n, "", fingerprint);
  }

  /** The claim's key, as {@link DedupRecords} writes it: the record's key and element 0. */
  private byte[] claimKey(DedupRecords.Claim claim) {
    DedupRecords.Scope s = claim.scope();
    return Keyspace.extend(
        keyspace.dedup(s.source(), s.namespace(), s.type(), s.id(), claim.key()), 0L);
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
      return tx.getMany(claimKeys.get(nextSlice()));
    }
  }

  @Benchmark
  public List<byte[]> readOneGetPerKey() {
    List<byte[]> keys = claimKeys.get(nextSlice());
    try (Transaction tx = store.begin()) {
      List<byte[]> values = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        values.add(tx.get(key));
      }
      return values;
    }
  }

  @Benchmark
  public DedupRecord[] claimSlice() {
    try (Transaction tx = store.begin()) {
      return records.claimAll(tx, claims.get(nextSlice()), 2_000);
    }
  }
}
