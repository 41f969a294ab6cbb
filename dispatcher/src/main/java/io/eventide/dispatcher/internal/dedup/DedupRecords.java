package io.eventide.dispatcher.internal.dedup;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.protocol.Address;
import io.eventide.protocol.DedupExpiryList;
import io.eventide.protocol.DedupRecord;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency keys, the one class that reads and writes their records. A key is scoped to the
 * source and target it was given for ({@link Scope}): the same key for two targets is two keys. A
 * record holds the key's claim (message id, creation time, the request's fingerprint), written by
 * the ingress commit that first saw the key, and for a call its outcome (the reply or the failure),
 * written by the batch commit that handled it without reading the claim; the two are stored as
 * separate values under the record's key ({@link Keyspace#dedup}) and merged when read.
 *
 * <p>Every write also indexes the record by time, so that records expire after the retention
 * instead of growing the store without bound (as Restate keeps idempotency keys for a retention
 * period). A key reused after its record expired is new. The keys one commit claims together share
 * index entries ({@link Keyspace#dedupExpiryList}) that name them in their value: an NDJSON slice
 * of 10,000 keyed events writes one or a few index entries, not 10,000 keys that the store would
 * insert, log and compact one by one.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class DedupRecords {
  private static final long CLAIM = 0;
  private static final long OUTCOME = 1;
  private static final byte[] EMPTY = new byte[0];
  private static final Logger LOG = LoggerFactory.getLogger(DedupRecords.class);

  /**
   * Bytes of record names per expiry list entry, and at least 40 records of the longest names (id
   * and key of 256 characters each). With protobuf's 3 bytes around each name of at least 15 bytes,
   * an entry stays under 79 kB, below a value's 100 kB.
   */
  static final int LIST_PART_BYTES = 64 << 10;

  private static final int EXPIRY_READ_ROWS = 64;

  /** Where a key was given: messages from {@code source} to {@code namespace/type/id}. */
  public record Scope(String source, String namespace, String type, String id) {
    /** The scope of the key an inbox entry carries. */
    public static Scope of(InboxEntry entry) {
      Address target = entry.getTarget();
      return new Scope(entry.getSource(), target.getNamespace(), target.getType(), target.getId());
    }

    public static Scope of(String source, IngressMessage message) {
      return new Scope(source, message.namespace(), message.type(), message.id());
    }

    @Override
    public String toString() {
      return namespace + "/" + type + "/" + id + " from source " + source;
    }
  }

  private final Keyspace keyspace;
  private final byte[] recordsPrefix;

  public DedupRecords(Keyspace keyspace) {
    this.keyspace = keyspace;
    this.recordsPrefix = keyspace.dedupRecords();
  }

  /**
   * Claims {@code key} in {@code scope} for {@code messageId} in {@code tx}: the earlier claim if
   * the key was seen (without its outcome, which {@link #read} adds), else null after writing the
   * claim and its expiry index entry.
   */
  public DedupRecord claim(
      Transaction tx, Scope scope, String key, String messageId, byte[] fingerprint, long now) {
    return claimAll(tx, List.of(new Claim(scope, key, messageId, fingerprint)), now)[0];
  }

  /**
   * One key to claim: for {@code messageId} of a request with {@code fingerprint}; "" for a message
   * whose id is its place in the inbox (an ingested event), which a repeat never asks for.
   */
  public record Claim(Scope scope, String key, String messageId, byte[] fingerprint) {}

  /**
   * {@link #claim} for each of {@code claims} in order, with their earlier claims read in one
   * request ({@link ReadView#getMany}: one round trip on a remote store instead of one per key). A
   * key claimed twice in {@code claims} is claimed by the first; the later ones get that claim, as
   * they would from {@link #claim} after the first's write.
   *
   * @return per claim, the earlier claim (without its outcome), or null where this one claimed it
   */
  public DedupRecord[] claimAll(Transaction tx, List<Claim> claims, long now) {
    List<byte[]> records = new ArrayList<>(claims.size());
    List<byte[]> keys = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      byte[] record = record(claim.scope(), claim.key());
      records.add(record);
      keys.add(Keyspace.extend(record, CLAIM));
    }
    List<byte[]> stored = tx.getMany(keys);
    List<byte[]> claimed = new ArrayList<>(claims.size());
    Map<ByteBuffer, byte[]> claimedHere = new HashMap<>();
    DedupRecord[] earlier = new DedupRecord[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      ByteBuffer claimKey = ByteBuffer.wrap(keys.get(i));
      byte[] existing = stored.get(i) != null ? stored.get(i) : claimedHere.get(claimKey);
      if (existing != null) {
        earlier[i] = merged(existing, null);
        continue;
      }
      byte[] record = claimRecord(claim.messageId(), claim.fingerprint(), now);
      tx.set(keys.get(i), record);
      claimed.add(records.get(i));
      claimedHere.put(claimKey, record);
    }
    indexTogether(tx, claimed, now);
    return earlier;
  }

  /**
   * Indexes {@code records} for expiry with one entry per {@link #LIST_PART_BYTES} of their names.
   */
  private void indexTogether(Transaction tx, List<byte[]> records, long now) {
    if (records.isEmpty()) {
      return;
    }
    byte[] list = new byte[16];
    ThreadLocalRandom.current().nextBytes(list);
    DedupExpiryList.Builder part = DedupExpiryList.newBuilder();
    int bytes = 0;
    int parts = 0;
    for (byte[] record : records) {
      int name = record.length - recordsPrefix.length;
      if (part.getRecordsCount() > 0 && bytes + name > LIST_PART_BYTES) {
        tx.set(keyspace.dedupExpiryList(now, list, parts++), part.build().toByteArray());
        part.clear();
        bytes = 0;
      }
      part.addRecords(ByteString.copyFrom(record, recordsPrefix.length, name));
      bytes += name;
    }
    tx.set(keyspace.dedupExpiryList(now, list, parts), part.build().toByteArray());
  }

  /**
   * Whether {@code earlier} was claimed by a request with {@code fingerprint} ({@link
   * Fingerprints}).
   */
  public static boolean sameRequest(DedupRecord earlier, byte[] fingerprint) {
    return MessageDigest.isEqual(earlier.getFingerprint().toByteArray(), fingerprint);
  }

  /** The record of {@code key} in {@code scope}, claim and outcome merged, or null. */
  public DedupRecord read(ReadView view, Scope scope, String key) {
    byte[] record = record(scope, key);
    byte[] claimKey = Keyspace.extend(record, CLAIM);
    byte[] outcomeKey = Keyspace.extend(record, OUTCOME);
    byte[] claim = null;
    byte[] outcome = null;
    // An outcome holds a reply of up to 1 MiB: stored in parts when large (LargeValues).
    for (LargeValues.Value kv :
        LargeValues.assemble(
            view.getPrefix(record, 0),
            k -> Arrays.equals(k, claimKey) || Arrays.equals(k, outcomeKey),
            false)) {
      if (Arrays.equals(kv.key(), claimKey)) {
        claim = kv.value();
      } else {
        outcome = kv.value();
      }
    }
    return claim == null ? null : merged(claim, outcome);
  }

  /** Records that the call carrying {@code key} in {@code scope} replied {@code reply}. */
  public void replied(Transaction tx, Scope scope, String key, Payload reply, long now) {
    outcome(tx, scope, key, DedupRecord.newBuilder().setReplied(true).setReply(reply).build(), now);
  }

  /**
   * Records that the call carrying {@code key} in {@code scope} failed for good with {@code error}.
   */
  public void failed(Transaction tx, Scope scope, String key, String error, long now) {
    outcome(tx, scope, key, DedupRecord.newBuilder().setFailed(true).setError(error).build(), now);
  }

  /**
   * The outcome is written blindly (no read of the claim, so no conflict with it) and indexed anew:
   * should its claim have expired while the call waited, the outcome still expires.
   */
  private void outcome(Transaction tx, Scope scope, String key, DedupRecord outcome, long now) {
    // Written once: a message's outcome is committed by the one batch that consumes it.
    LargeValues.set(tx, Keyspace.extend(record(scope, key), OUTCOME), outcome.toByteArray(), false);
    index(tx, scope, key, now);
  }

  /**
   * Removes records indexed before {@code cutoff}, and their index entries, entry by entry in time
   * order, as many records as {@code limit} allows (one entry always, however many it names).
   *
   * @return how many records it removed; 0 once nothing before {@code cutoff} is left
   */
  public int expire(Transaction tx, long cutoff, int limit) {
    byte[] from = keyspace.dedupExpiries();
    byte[] to = keyspace.dedupExpiriesFrom(cutoff);
    int removed = 0;
    while (removed < limit) {
      // A few entries a read: a list entry holds up to 64 kB of names.
      int rows = Math.min(limit - removed, EXPIRY_READ_ROWS);
      List<KeyValue> due = tx.snapshot().getRange(from, to, rows, false);
      for (KeyValue entry : due) {
        List<byte[][]> ranges = rangesOf(entry);
        if (removed > 0 && removed + ranges.size() > limit) {
          return removed;
        }
        tx.clear(entry.key());
        for (byte[][] range : ranges) {
          tx.clearRange(range[0], range[1]);
        }
        // An unreadable list removes only itself, counted as one record.
        removed += Math.max(1, ranges.size());
      }
      if (due.size() < rows) {
        return removed;
      }
      from = Keys.keyAfter(due.get(due.size() - 1).key());
    }
    return removed;
  }

  /** The key ranges {begin, end} of the records an expiry index entry names. */
  private List<byte[][]> rangesOf(KeyValue entry) {
    if (!keyspace.isDedupExpiryList(entry.key())) {
      return Collections.singletonList(keyspace.dedupRangeOfExpiry(entry.key()));
    }
    List<ByteString> names;
    try {
      names = DedupExpiryList.parseFrom(entry.value()).getRecordsList();
    } catch (InvalidProtocolBufferException e) {
      LOG.warn(
          "dropping an unreadable idempotency key expiry entry {}", Keys.printable(entry.key()));
      return List.of();
    }
    List<byte[][]> ranges = new ArrayList<>(names.size());
    for (ByteString name : names) {
      byte[] record = Keys.concat(recordsPrefix, name.toByteArray());
      // What is stored under the record (its claim, its outcome and the outcome's parts): its
      // key followed by one more element, and no other record's.
      ranges.add(
          new byte[][] {Keys.keyAfter(record), Keys.concat(record, new byte[] {(byte) 0xff})});
    }
    return ranges;
  }

  /** The key of {@code key}'s claim in {@code scope}, which {@link #claimAll} reads. */
  public byte[] claimKey(Scope scope, String key) {
    return Keyspace.extend(record(scope, key), CLAIM);
  }

  private byte[] record(Scope scope, String key) {
    return keyspace.dedup(scope.source(), scope.namespace(), scope.type(), scope.id(), key);
  }

  private void index(Transaction tx, Scope scope, String key, long now) {
    tx.set(
        keyspace.dedupExpiry(now, scope.source(), scope.namespace(), scope.type(), scope.id(), key),
        EMPTY);
  }

  private static byte[] claimRecord(String messageId, byte[] fingerprint, long now) {
    return DedupRecord.newBuilder()
        .setMessageId(messageId)
        .setCreatedAt(now)
        .setFingerprint(ByteString.copyFrom(fingerprint))
        .build()
        .toByteArray();
  }

  private static DedupRecord merged(byte[] claim, byte[] outcome) {
    try {
      DedupRecord.Builder record = DedupRecord.newBuilder().mergeFrom(claim);
      return outcome == null ? record.build() : record.mergeFrom(outcome).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt dedup record", e);
    }
  }
}
