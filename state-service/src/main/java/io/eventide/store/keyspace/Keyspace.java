package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where Eventide's keyspace is laid out. Every key is a FoundationDB tuple under
 * {@code ("eventide", cluster)}:
 *
 * <pre>
 * state/&lt;fn-type&gt;/&lt;id&gt;/&lt;value&gt;                     persisted value of one instance
 * inbox/&lt;key-group&gt;/&lt;versionstamp&gt;                  a chunk of up to 64 pending messages of a key group, commit order
 * inbox/&lt;key-group&gt;/&lt;versionstamp&gt;/0                the chunk's consumed entries, a bit mask (while partly consumed)
 * delayed/&lt;key-group&gt;/&lt;due-at&gt;/&lt;token&gt;             sendAfter messages until due, under the token their id names
 * delayed/&lt;key-group&gt;/&lt;due-at&gt;/&lt;versionstamp&gt;       (sent by workers from before ids: under the commit's versionstamp)
 * inbox-signal/&lt;key-group&gt;/&lt;kind&gt;                    changed by every append in a cluster: the holder's wake-up
 * timers/&lt;key-group&gt;/&lt;time&gt;/&lt;address&gt;/&lt;timer-id&gt;  event-time timers
 * ptimers/&lt;key-group&gt;/&lt;time&gt;/&lt;address&gt;/&lt;timer-id&gt; processing-time timers (epoch ms)
 * lists/&lt;fn-type&gt;/&lt;id&gt;/&lt;list&gt;/&lt;versionstamp&gt;   a segment of an internal list (a window's messages), one per commit
 * outbox/&lt;egress&gt;/&lt;versionstamp&gt;                     egress records, commit order
 * outbox-trimmed/&lt;egress&gt;                            the egress's first offset that retention has not trimmed
 * outbox-mark/&lt;time&gt;                                 a read version obtained just before &lt;time&gt; (epoch ms):
 *                                                    outbox records of commits up to it were written before
 * egresses/&lt;name&gt;                                    a configured egress (http, kafka): its JSON configuration
 * egress-position/&lt;name&gt;                             its deliverer's progress: last delivered offset, sink state,
 *                                                    counts, last error (protocol EgressProgress)
 * kafka-clusters/&lt;name&gt;                              a named Kafka cluster: JSON bootstrapServers and properties
 * dedup/&lt;source&gt;/&lt;address&gt;/&lt;key&gt;/0                   an idempotency key's claim (message id, request fingerprint),
 *                                                    scoped to the source and the target the key was given for
 * dedup/&lt;source&gt;/&lt;address&gt;/&lt;key&gt;/1                   the outcome of a keyed call: its reply or its failure
 * dedup-expiry/&lt;written-at&gt;/&lt;source&gt;/&lt;address&gt;/&lt;key&gt;  dedup records by write time, for expiry
 * leases/&lt;key-group&gt;                                 owner, epoch, expiry
 * members/&lt;node-id&gt;                                  a dispatcher's heartbeat (its leases' liveness)
 * workers/&lt;node-id&gt;                                  a runtime worker's heartbeat and endpoint
 * watermarks/&lt;source&gt;/&lt;partition&gt;                    source progress: last sequence and watermark
 * topology/source/&lt;fn-type&gt;/&lt;source&gt;                  an ingress source has reached a function type
 * topology/edge/&lt;fn-type&gt;/&lt;from-fn-type&gt;             a function type has sent to another
 * deployments/&lt;id&gt;                                   deployment record; jar chunks under jars/&lt;id&gt;/&lt;n&gt;
 * subscriptions/&lt;id&gt;                                 a Kafka subscription's definition (JSON)
 * kafka-offsets/&lt;subscription&gt;/&lt;partition&gt;          the next offset to consume, written with the records before it
 * meta/&lt;name&gt;                                         cluster-wide settings (key-group count, ...)
 * audit/&lt;time&gt;/&lt;versionstamp&gt;                       an audit entry (JSON) of an admin action, by its epoch-ms time
 * audit-count                                        how many audit entries are kept (an atomic add counter)
 * dead-letter/&lt;message-id&gt;                          a dead-lettered message in full, kept for replay (DeadLetterRecord)
 * dead-letters/&lt;time&gt;/&lt;message-id&gt;                  its summary (no payload), by the epoch-ms time it was given up on
 * deployment-versions/&lt;name&gt;/&lt;version&gt;              a replaced version of a deployment, kept for rollback (its jar stays under jars/)
 * patterns/&lt;name&gt;/&lt;version&gt;                        a kept version of a JSON pattern: created-at (8 bytes), its input type, its JSON body
 * pattern-last/&lt;name&gt;                               the last version number a pattern name used, kept across its deletion
 * </pre>
 *
 * Addresses appear as three tuple elements (namespace, type, id), function types as two. Any value
 * over {@link LargeValues#INLINE_BYTES} (a state value, an inbox chunk holding a 1 MiB message, an
 * outbox record, a delayed message) is stored in parts right under its key ({@link LargeValues}).
 *
 * <p>Idempotency keys of {@code send} and {@code call} have the source {@code rest}. The values of
 * a dedup record are read and written by the dispatcher's {@code DedupRecords} alone. Expiry index
 * entries of the layout before keys were scoped ({@code dedup-expiry/<written-at>/<key>}, for the
 * record {@code dedup/<key>}) are still expired.
 *
 * <p>Outbox keys are versionstamps, which order records by commit but carry no time (the embedded
 * store's versions are a counter). Retention therefore writes a mark now and then, and removes the
 * records of commits up to the newest mark older than the retention.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
public final class Keyspace {
  private final Tuple root;
  private final byte[] rootBytes;

  public Keyspace(String cluster) {
    this.root = Tuple.from("eventide", cluster);
    this.rootBytes = root.pack();
  }

  /** Every key of this cluster starts with these bytes. */
  public byte[] root() {
    return rootBytes.clone();
  }

  private byte[] key(Object... elements) {
    // Tuple encoding concatenates: packing only the elements saves re-encoding the root per key.
    return TuplePacker.pack(rootBytes, elements);
  }

  public byte[] state(String namespace, String type, String id, String value) {
    return key("state", namespace, type, id, value);
  }

  /** Prefix of every value of every instance of one function type. */
  public byte[] stateOfType(String namespace, String type) {
    return key("state", namespace, type);
  }

  /** Prefix of every value of one instance. */
  public byte[] stateOf(String namespace, String type, String id) {
    return key("state", namespace, type, id);
  }

  /**
   * The values of one instance by name, from {@code rows}, a read of its {@link #stateOf} prefix
   * {@code prefix}: large ones put back together from their parts ({@link LargeValues}). A value's
   * key is the prefix and its name; only the name is decoded.
   */
  public Map<String, byte[]> stateValues(byte[] prefix, List<KeyValue> rows) {
    int from = prefix.length;
    Map<String, byte[]> values = new HashMap<>(Math.max(4, rows.size() * 2));
    for (LargeValues.Value value :
        LargeValues.assemble(rows, key -> StringElements.skip(key, from) == key.length, false)) {
      byte[] key = value.key();
      values.put(StringElements.decode(key, from, key.length), value.value());
    }
    return values;
  }

  /** Prefix of a key group's inbox; entries are versionstamped under it. */
  public byte[] inbox(int keyGroup) {
    return key("inbox", keyGroup);
  }

  /** {@code kind}: 0 for the inbox, 1 for the delayed messages. */
  public byte[] inboxSignal(int keyGroup, int kind) {
    return key("inbox-signal", keyGroup, kind);
  }

  public byte[] inboxSignals() {
    return key("inbox-signal");
  }

  public byte[] delayed(int keyGroup) {
    return key("delayed", keyGroup);
  }

  /**
   * Prefix of the delayed messages of a key group due at {@code dueAt}; versionstamped under it.
   */
  public byte[] delayedAt(int keyGroup, long dueAt) {
    return key("delayed", keyGroup, dueAt);
  }

  /**
   * The delayed message due at {@code dueAt} with {@code token}: the key its id names, so that a
   * cancel is one clear, without a read.
   */
  public byte[] delayedMessage(int keyGroup, long dueAt, String token) {
    return key("delayed", keyGroup, dueAt, token);
  }

  public byte[] timers(int keyGroup) {
    return key("timers", keyGroup);
  }

  public byte[] timer(
      int keyGroup, long time, String namespace, String type, String id, String timerId) {
    return key("timers", keyGroup, time, namespace, type, id, timerId);
  }

  public byte[] processingTimers(int keyGroup) {
    return key("ptimers", keyGroup);
  }

  public byte[] processingTimer(
      int keyGroup, long time, String namespace, String type, String id, String timerId) {
    return key("ptimers", keyGroup, time, namespace, type, id, timerId);
  }

  /** Records that events of {@code source} reach the function type {@code namespace/type}. */
  public byte[] topologySource(String namespace, String type, String source) {
    return key("topology", "source", namespace, type, source);
  }

  /**
   * Records that the function type {@code fromNamespace/fromType} sends to {@code namespace/type}.
   */
  public byte[] topologyEdge(String namespace, String type, String fromNamespace, String fromType) {
    return key("topology", "edge", namespace, type, fromNamespace, fromType);
  }

  /** Prefix of every topology record. */
  public byte[] topology() {
    return key("topology");
  }

  /**
   * A key group's floor for each source: no message it has yet to send, from what it has not
   * committed, carries a lower watermark (cluster mode; see {@code KeyGroupFloors}).
   */
  public byte[] keyGroupFloor(int keyGroup) {
    return key("kg-floor", keyGroup);
  }

  public byte[] keyGroupFloors() {
    return key("kg-floor");
  }

  /**
   * A message between functions not yet handled, by the watermark it carries: the first key under
   * {@link #internalHolds} is the lowest watermark still in flight (cluster mode).
   */
  public byte[] internalHold(long watermark, int keyGroup, String messageId) {
    return key("internal-hold", watermark, keyGroup, messageId);
  }

  public byte[] internalHolds() {
    return key("internal-hold");
  }

  /** Prefix of every source's progress record. */
  public byte[] watermarks() {
    return key("watermarks");
  }

  /**
   * Prefix of internal list {@code name} of one instance; its segments are versionstamped under it.
   */
  public byte[] list(String namespace, String type, String id, String name) {
    return key("lists", namespace, type, id, name);
  }

  /**
   * Prefix of map {@code name} of one instance ({@code MapSpec}); each entry is a value ({@link
   * LargeValues}) at {@link #mapEntry}.
   */
  public byte[] map(String namespace, String type, String id, String name) {
    return key("maps", namespace, type, id, name);
  }

  /** The entry of map {@code name} under {@code entryKey}, the map key's encoded bytes. */
  public byte[] mapEntry(String namespace, String type, String id, String name, byte[] entryKey) {
    return key("maps", namespace, type, id, name, entryKey);
  }

  /** Prefix of every map of one instance. */
  public byte[] mapsOf(String namespace, String type, String id) {
    return key("maps", namespace, type, id);
  }

  /** Prefix of every list of one instance, internal ones included. */
  public byte[] listsOf(String namespace, String type, String id) {
    return key("lists", namespace, type, id);
  }

  /**
   * The entries of a map among {@code rows} (a range read of its {@link #map} prefix, in key
   * order), each as its stored key and its value, large ones put back together; with {@code cut}
   * (the read stopped at its limit), the last may be left out for the next read.
   */
  public List<KeyValue> mapEntryRows(List<KeyValue> rows, boolean cut) {
    List<KeyValue> entries = new ArrayList<>(rows.size());
    for (LargeValues.Value value :
        LargeValues.assemble(rows, key -> unpack(key).size() == 6, cut)) {
      entries.add(new KeyValue(value.key(), value.value()));
    }
    return entries;
  }

  /** Prefix of an egress's outbox; records are versionstamped under it. */
  public byte[] outbox(String egress) {
    return key("outbox", egress);
  }

  /** The first offset of {@code egress} that retention has not trimmed. */
  public byte[] outboxTrimmed(String egress) {
    return key("outbox-trimmed", egress);
  }

  /** Prefix of every outbox's records; egress names follow it. */
  public byte[] outboxes() {
    return key("outbox");
  }

  /** A retention mark taken at {@code time} (epoch ms). */
  public byte[] outboxMark(long time) {
    return key("outbox-mark", time);
  }

  /** Prefix of every outbox mark; marks sort by time. */
  public byte[] outboxMarks() {
    return key("outbox-mark");
  }

  /** A configured egress's configuration (JSON). */
  public byte[] egressConfig(String name) {
    return key("egresses", name);
  }

  /** Prefix of every configured egress; names follow it. */
  public byte[] egressConfigs() {
    return key("egresses");
  }

  /** How far the deliverer of configured egress {@code name} got. */
  public byte[] egressPosition(String name) {
    return key("egress-position", name);
  }

  /** A named Kafka cluster (JSON {@code bootstrapServers}, {@code properties}). */
  public byte[] kafkaCluster(String name) {
    return key("kafka-clusters", name);
  }

  /** Prefix of every named Kafka cluster. */
  public byte[] kafkaClusters() {
    return key("kafka-clusters");
  }

  /**
   * Prefix of what is recorded for the idempotency key {@code key} given for messages from {@code
   * source} to {@code namespace/type/id}.
   */
  public byte[] dedup(String source, String namespace, String type, String id, String key) {
    return key("dedup", source, namespace, type, id, key);
  }

  /** Prefix of every dedup record ({@link #dedup}). */
  public byte[] dedupRecords() {
    return key("dedup");
  }

  /**
   * The expiry index entry of the dedup record {@link #dedup} names, written at {@code writtenAt}.
   */
  public byte[] dedupExpiry(
      long writtenAt, String source, String namespace, String type, String id, String key) {
    return key("dedup-expiry", writtenAt, source, namespace, type, id, key);
  }

  /**
   * An expiry index entry of records claimed together at {@code writtenAt}, which its value names:
   * {@code list} (random bytes) keeps it apart from other commits' entries of the same millisecond,
   * {@code part} from the other entries of one long list.
   */
  public byte[] dedupExpiryList(long writtenAt, byte[] list, int part) {
    return key("dedup-expiry", writtenAt, list, part);
  }

  /**
   * Whether {@code expiryKey} is a {@link #dedupExpiryList} entry, whose value names its records,
   * rather than a {@link #dedupExpiry} one, whose key does ({@link #dedupRangeOfExpiry}).
   */
  public boolean isDedupExpiryList(byte[] expiryKey) {
    Tuple entry = unpack(expiryKey);
    return entry.size() == 4 && entry.get(2) instanceof byte[];
  }

  /**
   * The keys {begin, end} an expiry index entry stands for: everything under a scoped record's
   * {@link #dedup} prefix, or the one key of a record from before scoping, whose entry names only
   * the idempotency key (its prefix would span the scoped records of a source of that name).
   */
  public byte[][] dedupRangeOfExpiry(byte[] expiryKey) {
    List<Object> scopeAndKey = unpack(expiryKey).popFront().popFront().getItems();
    Object[] path = new Object[scopeAndKey.size() + 1];
    path[0] = "dedup";
    for (int i = 0; i < scopeAndKey.size(); i++) {
      path[i + 1] = scopeAndKey.get(i);
    }
    byte[] begin = key(path);
    byte[] end = scopeAndKey.size() == 1 ? Keys.concat(begin, new byte[] {0}) : Keys.strinc(begin);
    return new byte[][] {begin, end};
  }

  /** Prefix of every expiry index entry; entries sort by creation time. */
  public byte[] dedupExpiries() {
    return key("dedup-expiry");
  }

  /** The first expiry index key of records created at {@code createdAt} or later. */
  public byte[] dedupExpiriesFrom(long createdAt) {
    return key("dedup-expiry", createdAt);
  }

  public byte[] lease(int keyGroup) {
    return key("leases", keyGroup);
  }

  public byte[] leases() {
    return key("leases");
  }

  public byte[] member(String nodeId) {
    return key("members", nodeId);
  }

  public byte[] members() {
    return key("members");
  }

  public byte[] worker(String nodeId) {
    return key("workers", nodeId);
  }

  public byte[] workers() {
    return key("workers");
  }

  public byte[] watermark(String source, int partition) {
    return key("watermarks", source, partition);
  }

  public byte[] subscription(String id) {
    return key("subscriptions", id);
  }

  /** Prefix of every subscription record; ids follow it. */
  public byte[] subscriptions() {
    return key("subscriptions");
  }

  public byte[] kafkaOffset(String subscription, int partition) {
    return key("kafka-offsets", subscription, partition);
  }

  /** Prefix of a subscription's stored offsets; partitions follow it. */
  public byte[] kafkaOffsets(String subscription) {
    return key("kafka-offsets", subscription);
  }

  public byte[] deployments() {
    return key("deployments");
  }

  public byte[] deployment(String id) {
    return key("deployments", id);
  }

  /** Prefix of a deployment's jar, stored in chunks by {@link Chunks}. */
  public byte[] jar(String deploymentId) {
    return key("jars", deploymentId);
  }

  public byte[] meta(String name) {
    return key("meta", name);
  }

  /** Prefix of the audit entries written at {@code time} (epoch ms); versionstamped under it. */
  public byte[] auditAt(long time) {
    return key("audit", time);
  }

  /** Prefix of every audit entry; entries sort by time, then by commit. */
  public byte[] audit() {
    return key("audit");
  }

  /** The number of audit entries kept, a little-endian counter ({@code Transaction#add}). */
  public byte[] auditCount() {
    return key("audit-count");
  }

  /** A dead-lettered message in full, by its message id. */
  public byte[] deadLetter(String messageId) {
    return key("dead-letter", messageId);
  }

  /** The summary of a dead letter, listed in the order messages were given up on. */
  public byte[] deadLetterAt(long time, String messageId) {
    return key("dead-letters", time, messageId);
  }

  /** Prefix of every dead letter's summary. */
  public byte[] deadLetters() {
    return key("dead-letters");
  }

  /** A replaced version of the deployment named {@code name}, kept for rollback. */
  public byte[] deploymentVersion(String name, int version) {
    return key("deployment-versions", name, version);
  }

  /** Prefix of the kept versions of the deployment named {@code name}, oldest first. */
  public byte[] deploymentVersions(String name) {
    return key("deployment-versions", name);
  }

  /** Prefix of every kept version of every JSON pattern. */
  public byte[] patterns() {
    return key("patterns");
  }

  /** Prefix of the kept versions of the JSON pattern {@code name}, oldest first. */
  public byte[] patternVersions(String name) {
    return key("patterns", name);
  }

  /** A kept version of the JSON pattern {@code name}. */
  public byte[] patternVersion(String name, int version) {
    return key("patterns", name, version);
  }

  /** The last version number the pattern name {@code name} used (a 4-byte big-endian int). */
  public byte[] patternLast(String name) {
    return key("pattern-last", name);
  }

  /** Unpacks a key of this keyspace into its elements after the root. */
  public Tuple unpack(byte[] key) {
    if (startsWithRoot(key)) {
      return Tuple.fromBytes(key, rootBytes.length, key.length - rootBytes.length);
    }
    return Tuple.fromBytes(key).popFront().popFront();
  }

  private boolean startsWithRoot(byte[] key) {
    return key.length >= rootBytes.length
        && java.util.Arrays.equals(key, 0, rootBytes.length, rootBytes, 0, rootBytes.length);
  }

  /**
   * {@code prefix} followed by the tuple encoding of {@code elements}: a key under a prefix of this
   * keyspace.
   */
  public static byte[] extend(byte[] prefix, Object... elements) {
    return TuplePacker.pack(prefix, elements);
  }

  /** The end of the range of keys under {@code prefix}. */
  public static byte[] end(byte[] prefix) {
    return Keys.strinc(prefix);
  }
}
