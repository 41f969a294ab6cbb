package io.eventide.dispatcher.processing;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.DispatcherConfig;
import io.eventide.dispatcher.routing.Addr;
import io.eventide.dispatcher.routing.Ids;
import io.eventide.dispatcher.time.InternalHolds;
import io.eventide.dispatcher.time.KeyGroupViews;
import io.eventide.dispatcher.time.Sources;
import io.eventide.dispatcher.time.Topology;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.Stores;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * A shard's batching, between loading its inboxes and invoking the workers: {@code messages}
 * NDJSON-ingested counter events over {@code keys} addresses, queued in the inboxes of the key
 * groups they hash to, are taken into one batch grouped by address in inbox order (each judged
 * against its key group's clock, blocked addresses checked) with the addresses' state attached
 * from a warm state cache ({@code collect}), and the invocation request is built from that batch
 * ({@code request}). 4,000 messages is a full batch (the default {@code maxBatchMessages}).
 *
 * <p>Lives in the dispatcher's package to use its package-private types as the shard does; the
 * store is a real embedded one in a temporary directory, holding each address's state.
 *
 * <pre>{@code
 * benchmarks/jmh.sh Batching
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
// The node's heap and collector: with the JVM's default (G1, a quarter of the machine's memory)
// the larger batches swung tenfold between iterations.
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class BatchingBenchmark {
  @Param({"100", "1000", "4000"})
  public int messages;

  /** 10: many messages per address (hot keys); 10,000: about one each (as the memory run). */
  @Param({"10", "10000"})
  public int keys;

  private final DispatcherConfig config = DispatcherConfig.defaults("bench");
  private Path dir;
  private Store store;
  private Sources sources;
  private Topology topology;
  private final InternalHolds holds = new InternalHolds();
  private KeyGroupViews views;
  private StateCache cache;
  private Retries retries;
  /** Empty, as the shard's addresses in commits in flight and at the workers: looked up all the same. */
  private final Set<Addr> inFlight = new HashSet<>();
  private final Set<Addr> invoking = new HashSet<>();
  /** The key groups holding messages, in the shard's order, with their clocks. */
  private final List<KeyGroupInbox> inboxes = new ArrayList<>();
  private final List<KeyGroupClock> clocks = new ArrayList<>();
  private Batch collected;

  @Setup(Level.Trial)
  public void queue() {
    try {
      dir = Files.createTempDirectory("eventide-jmh-batching");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = Stores.rocksdb(dir);
    Keyspace keyspace = new Keyspace("standalone");
    sources = new Sources(store, keyspace);
    topology = new Topology(keyspace);
    views = new KeyGroupViews(config.keyGroups());
    cache = new StateCache(keyspace, config.stateCacheEntries());
    retries = new Retries(config);
    try (Transaction tx = store.begin()) {
      for (int k = 0; k < keys; k++) {
        tx.set(keyspace.state("example", "counter", "k" + k, "count"), new byte[8]);
      }
      // As the first ingested slice does: the counter's watermark then follows the source.
      topology.noteSource(tx, "bench", "example", "counter");
      tx.commitAsync().join();
    }
    Addresses addresses = new Addresses(2 * config.stateCacheEntries());
    Map<Integer, KeyGroupInbox> byGroup = new TreeMap<>();
    Map<Integer, Integer> slots = new HashMap<>();
    Map<Integer, Chunk> chunks = new HashMap<>();
    ByteString one = ByteString.copyFrom("1", StandardCharsets.UTF_8);
    long now = System.currentTimeMillis();
    try (Transaction view = store.begin()) {
      for (int i = 0; i < messages; i++) {
        Address target = Address.newBuilder().setNamespace("example").setType("counter").setId("k" + (i % keys)).build();
        InboxEntry entry = InboxEntry.newBuilder()
            .setTarget(target)
            .setPayload(Payload.newBuilder().setContentType("application/json").setData(one))
            .setEventTime(now)
            .setMessageId(Ids.newMessageId())
            .setSource("bench")
            .setSourceSequence(i)
            .setSourceWatermark(Long.MIN_VALUE)
            .build();
        Addr address = addresses.intern(Addr.of(target));
        int kg = address.keyGroup(config.keyGroups());
        KeyGroupInbox inbox = byGroup.computeIfAbsent(kg, g -> {
          KeyGroupInbox fresh = new KeyGroupInbox(g, keyspace, addresses, new ArrayList<>());
          fresh.load(view.snapshot(), config.maxBatchMessages()); // empty: marks it fully loaded
          return fresh;
        });
        // Stored chunks of 64 entries, keyed as the store keys them: the group's prefix and a
        // tuple-encoded versionstamp.
        int slot = slots.merge(kg, 1, Integer::sum) - 1;
        if (slot % InboxChunks.MAX_ENTRIES == 0) {
          byte[] prefix = keyspace.inbox(kg);
          byte[] key = Arrays.copyOf(prefix, prefix.length + 13);
          key[key.length - 1] = (byte) i;
          key[key.length - 2] = (byte) (i >>> 8);
          chunks.put(kg, new Chunk(key, kg, InboxChunks.MAX_ENTRIES, 0, false));
        }
        if (!inbox.appendDirect(new Pending(chunks.get(kg), slot % InboxChunks.MAX_ENTRIES, entry, address))) {
          throw new IllegalStateException("inbox of key group " + kg + " not fully loaded");
        }
      }
    }
    byGroup.forEach((kg, inbox) -> {
      inboxes.add(inbox);
      clocks.add(new KeyGroupClock(kg, sources, topology, holds, views));
    });
    collected = collect();
    if (collected.size() != messages) {
      throw new IllegalStateException("collected " + collected.size() + " of " + messages);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Batch collect() {
    Batch batch = new Batch(config.maxBatchMessages(), config.maxBatchBytes());
    long now = System.currentTimeMillis();
    try (Transaction view = store.begin()) {
      for (int i = 0; i < inboxes.size(); i++) {
        batch.take(inboxes.get(i), a -> inFlight.contains(a) || invoking.contains(a) || retries.blocked(a, now), retries::cap, null,
            clocks.get(i), now);
      }
      batch.loadState(cache, view.snapshot());
    }
    // Back to untaken and unjudged, so the next call does the same work; as cheap as the pass
    // over the inbox that drops a committed batch's entries.
    batch.byAddress().values().forEach(list -> list.forEach(p -> {
      p.taken = false;
      p.judged = false;
    }));
    return batch;
  }

  @Benchmark
  public InvocationBatch request() {
    return collected.request(0);
  }
}
