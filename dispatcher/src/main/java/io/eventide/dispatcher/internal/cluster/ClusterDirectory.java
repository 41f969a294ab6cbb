package io.eventide.dispatcher.internal.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.LeaseRecord;
import io.eventide.protocol.MemberRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the roles of a cluster know of each other, read from the store: live dispatchers (the {@code
 * members/} heartbeats), live workers ({@code workers/}) and the key-group leases. This is the
 * cluster's only discovery: gateways route by it, dispatchers find workers by it.
 *
 * <pre>{@code
 * ClusterDirectory.Snapshot now = new ClusterDirectory(store, keyspace, System::currentTimeMillis).read();
 * Optional<String> owner = now.ownerEndpoint(17);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #read} blocks on the store.
 */
public final class ClusterDirectory {
  private final Store store;
  private final Keyspace keyspace;
  private final LongSupplier clock;

  public ClusterDirectory(Store store, Keyspace keyspace, LongSupplier clock) {
    this.store = store;
    this.keyspace = keyspace;
    this.clock = clock;
  }

  /** A live process: its id, where it serves gRPC, and when its heartbeat runs out. */
  public record Member(String nodeId, String endpoint, long expiresAt) {}

  /**
   * One consistent read of the directory.
   *
   * @param dispatchers live dispatchers, by id
   * @param workers live workers, by id
   * @param owners each leased key group's owner id (free groups absent)
   * @param epochs each leased key group's epoch
   * @param expired endpoints of dispatchers whose heartbeat ran out without a clean leave (their
   *     record is still stored, past its expiry) and where no live dispatcher serves: crashed,
   *     frozen or cut off, so a request waiting there will not be answered in time
   */
  public record Snapshot(
      Map<String, Member> dispatchers,
      Map<String, Member> workers,
      Map<Integer, String> owners,
      Map<Integer, Long> epochs,
      Set<String> expired) {
    /** An empty directory, before the first read. */
    public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of());

    /** A directory in which no dispatcher's heartbeat ran out. */
    public Snapshot(
        Map<String, Member> dispatchers,
        Map<String, Member> workers,
        Map<Integer, String> owners,
        Map<Integer, Long> epochs) {
      this(dispatchers, workers, owners, epochs, Set.of());
    }

    /**
     * The endpoint of the live dispatcher holding {@code keyGroup}; empty while it is free or
     * moving.
     */
    public Optional<String> ownerEndpoint(int keyGroup) {
      String owner = owners.get(keyGroup);
      Member member = owner == null ? null : dispatchers.get(owner);
      return member == null ? Optional.empty() : Optional.of(member.endpoint());
    }

    /** The endpoints of the live dispatchers. */
    public Set<String> endpoints() {
      Set<String> endpoints = new HashSet<>();
      dispatchers.values().forEach(m -> endpoints.add(m.endpoint()));
      return endpoints;
    }

    /**
     * The endpoint of the live dispatcher, other than those at {@code excluded}, that takes {@code
     * keyGroup} when its holder is gone: the one every dispatcher's lease keeper picks, so a
     * request sent there is served as soon as the takeover happens.
     */
    public Optional<String> successorEndpoint(int keyGroup, Set<String> excluded) {
      Map<String, String> candidates = new HashMap<>();
      dispatchers.forEach(
          (id, m) -> {
            if (!excluded.contains(m.endpoint())) {
              candidates.put(id, m.endpoint());
            }
          });
      return Optional.ofNullable(Rendezvous.owner(candidates.keySet(), keyGroup))
          .map(candidates::get);
    }
  }

  /** Reads members, workers and leases in one snapshot; members past their expiry are left out. */
  public Snapshot read() {
    long now = clock.getAsLong();
    try (Transaction tx = store.begin()) {
      ReadView view = tx.snapshot();
      Members dispatchers = Members.of(view.getPrefix(keyspace.members(), 0), now);
      Members workers = Members.of(view.getPrefix(keyspace.workers(), 0), now);
      Map<Integer, String> owners = new HashMap<>();
      Map<Integer, Long> epochs = new HashMap<>();
      for (KeyValue kv : view.getPrefix(keyspace.leases(), 0)) {
        int keyGroup = (int) keyspace.unpack(kv.key()).getLong(1);
        LeaseRecord lease = LeaseTable.parse(kv.value());
        epochs.put(keyGroup, lease.getEpoch());
        if (!lease.getOwner().isEmpty()) {
          owners.put(keyGroup, lease.getOwner());
        }
      }
      return new Snapshot(
          dispatchers.live(),
          workers.live(),
          Map.copyOf(owners),
          Map.copyOf(epochs),
          dispatchers.expired());
    }
  }

  /**
   * Member records read at {@code now}, in one pass: the live ones by node id, and the endpoints of
   * those past their expiry, less those a live member serves (a process restarted on the same
   * port).
   */
  private record Members(Map<String, Member> live, Set<String> expired) {
    static Members of(List<KeyValue> records, long now) {
      Map<String, Member> live = new HashMap<>();
      Set<String> expired = new HashSet<>();
      for (KeyValue kv : records) {
        MemberRecord record = parse(kv.value());
        if (record.getEndpoint().isEmpty()) {
          continue;
        }
        if (record.getExpiresAt() > now) {
          live.put(
              record.getNodeId(),
              new Member(record.getNodeId(), record.getEndpoint(), record.getExpiresAt()));
        } else {
          expired.add(record.getEndpoint());
        }
      }
      live.values().forEach(m -> expired.remove(m.endpoint()));
      return new Members(Map.copyOf(live), Set.copyOf(expired));
    }
  }

  static MemberRecord parse(byte[] bytes) {
    try {
      return MemberRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt member record", e);
    }
  }
}
