package io.eventide.dispatcher.testing;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.internal.commit.Retries;
import io.eventide.dispatcher.internal.commit.StateCache;
import io.eventide.dispatcher.internal.eventtime.InternalHolds;
import io.eventide.dispatcher.internal.eventtime.KeyGroupClock;
import io.eventide.dispatcher.internal.eventtime.KeyGroupViews;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Chunk;
import io.eventide.dispatcher.internal.inbox.InboxChunks;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.invoke.Batch;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.dispatcher.internal.routing.Ids;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
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
import java.util.stream.Stream;

/**
 * A shard's batching, set up for a benchmark: {@code messages} NDJSON-ingested counter events over
 * {@code keys} addresses, queued in the inboxes of the key groups they hash to, in a real embedded
 * store in a temporary directory holding each address's state. {@link #collect} takes them into one
 * batch as a shard does; {@link #request} builds the invocation request of that batch.
 *
 * <p>Published in the dispatcher's test jar, so that benchmarks reach the shard's internals through
 * this one public class.
 *
 * <pre>{@code
 * try (BatchingFixture fixture = new BatchingFixture(4_000, 10_000)) {
 *   fixture.collect();
 * }
 * }</pre>
 */
public final class BatchingFixture implements AutoCloseable {
  private final DispatcherConfig config = DispatcherConfig.defaults("bench");
  private final Path dir;
  private final Store store;
  private final Sources sources;
  private final Topology topology;
  private final InternalHolds holds = new InternalHolds();
  private final KeyGroupViews views;
  private final StateCache cache;
  private final Retries retries;

  /**
   * Empty, as the shard's addresses in commits in flight and at the workers: looked up all the
   * same.
   */
  private final Set<Addr> inFlight = new HashSet<>();

  private final Set<Addr> invoking = new HashSet<>();

  /** The key groups holding messages, in the shard's order, with their clocks. */
  private final List<KeyGroupInbox> inboxes = new ArrayList<>();

  private final List<KeyGroupClock> clocks = new ArrayList<>();
  private final Batch collected;

  public BatchingFixture(int messages, int keys) {
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
        Address target =
            Address.newBuilder()
                .setNamespace("example")
                .setType("counter")
                .setId("k" + (i % keys))
                .build();
        InboxEntry entry =
            InboxEntry.newBuilder()
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
        KeyGroupInbox inbox =
            byGroup.computeIfAbsent(
                kg,
                g -> {
                  KeyGroupInbox fresh =
                      new KeyGroupInbox(g, keyspace, addresses, new ArrayList<>());
                  fresh.load(
                      view.snapshot(), config.maxBatchMessages()); // empty: marks it fully loaded
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
        if (!inbox.appendDirect(
            new Pending(chunks.get(kg), slot % InboxChunks.MAX_ENTRIES, entry, address))) {
          throw new IllegalStateException("inbox of key group " + kg + " not fully loaded");
        }
      }
    }
    byGroup.forEach(
        (kg, inbox) -> {
          inboxes.add(inbox);
          clocks.add(new KeyGroupClock(kg, sources, topology, holds, views));
        });
    collected = take();
    if (collected.size() != messages) {
      throw new IllegalStateException("collected " + collected.size() + " of " + messages);
    }
  }

  /**
   * Takes every queued message into one batch, judged against its key group's clock, with the
   * addresses' state attached from a warm cache, then puts them back for the next call.
   *
   * @return how many messages the batch took
   */
  public int collect() {
    return take().size();
  }

  /** The invocation request of the batch taken at set-up. */
  public InvocationBatch request() {
    return collected.request(0);
  }

  private Batch take() {
    Batch batch = new Batch(config.maxBatchMessages(), config.maxBatchBytes());
    long now = System.currentTimeMillis();
    try (Transaction view = store.begin()) {
      for (int i = 0; i < inboxes.size(); i++) {
        batch.take(
            inboxes.get(i),
            a -> inFlight.contains(a) || invoking.contains(a) || retries.blocked(a, now),
            retries::cap,
            null,
            clocks.get(i),
            now);
      }
      batch.loadState(cache, view.snapshot());
    }
    // Back to untaken and unjudged, so the next call does the same work; as cheap as the pass
    // over the inbox that drops a committed batch's entries.
    batch
        .byAddress()
        .values()
        .forEach(
            list ->
                list.forEach(
                    p -> {
                      p.taken = false;
                      p.judged = false;
                    }));
    return batch;
  }

  @Override
  public void close() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
