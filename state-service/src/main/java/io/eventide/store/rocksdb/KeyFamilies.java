package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Which column family holds a key. The keyspace's two queue-like kinds live apart from the rest:
 * inboxes (written once, read from the front, deleted soon) and outboxes (appended in key order,
 * trimmed from the front). In one family with the state, every compaction from level 0 rewrote them
 * with everything else: the retained egress records and the inbox backlog were most of the
 * compacted bytes of a windowed run (docs/decisions/store-families.md). On their own, appended
 * outbox files are moved down without a rewrite, and inbox data meets its deletions in fewer,
 * larger compactions.
 *
 * <p>A key's family follows from its first three tuple elements, {@code ("eventide", cluster,
 * kind)}, whatever the cluster, so that every cluster in a store is split the same way; any other
 * key (not a keyspace key) is {@link #DATA}. Families partition the key space by whole kinds: the
 * keys of one kind are a contiguous range, {@code [prefix, strinc(prefix))}.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class KeyFamilies {
  /** Everything that is neither an inbox nor an outbox key; RocksDB's default family. */
  static final int DATA = 0;

  static final int INBOX = 1;
  static final int OUTBOX = 2;

  /** A range whose keys may lie in more than one family. */
  static final int MIXED = -1;

  /** The column family names, by family; {@link #DATA} is RocksDB's default family. */
  static final List<String> NAMES = List.of("default", "inbox", "outbox");

  private static final byte STRING = 0x02;

  /** {@code Tuple.from("eventide").pack()}: every keyspace key begins with it. */
  private static final byte[] ROOT = {STRING, 'e', 'v', 'e', 'n', 't', 'i', 'd', 'e', 0x00};

  private static final byte[] ROOT_END = Keys.strinc(ROOT);
  private static final byte[] INBOX_KIND = "inbox".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OUTBOX_KIND = "outbox".getBytes(StandardCharsets.UTF_8);

  private KeyFamilies() {}

  /** The family of {@code key}. */
  static int of(byte[] key) {
    int clusterEnd = clusterEnd(key);
    int kindEnd = clusterEnd < 0 ? -1 : stringEnd(key, clusterEnd);
    if (kindEnd < 0) {
      return DATA;
    }
    // The kind's bytes lie between its type code and its terminator.
    if (equalsAt(key, clusterEnd + 1, kindEnd - 1, INBOX_KIND)) {
      return INBOX;
    }
    return equalsAt(key, clusterEnd + 1, kindEnd - 1, OUTBOX_KIND) ? OUTBOX : DATA;
  }

  /**
   * The one family holding every key of {@code [begin, end)}, or {@link #MIXED}: a range that stays
   * within its first key's kind, or outside every keyspace key, has one; anything wider (a whole
   * cluster, several kinds) is read from all of them.
   */
  static int ofRange(byte[] begin, byte[] end) {
    if (Keys.compare(end, ROOT) <= 0 || Keys.compare(begin, ROOT_END) >= 0) {
      return DATA;
    }
    int kindEnd = kindEnd(begin);
    if (kindEnd < 0 || !withinKind(end, begin, kindEnd)) {
      return MIXED;
    }
    return of(begin);
  }

  /**
   * The prefix of {@code key}'s kind, {@code ("eventide", cluster, kind)} packed, or null when
   * {@code key} is not a keyspace key.
   */
  static byte[] kindPrefix(byte[] key) {
    int end = kindEnd(key);
    return end < 0 ? null : Arrays.copyOf(key, end);
  }

  /** Whether {@code end <= strinc(begin[0, kindEnd))}, without building the incremented prefix. */
  private static boolean withinKind(byte[] end, byte[] begin, int kindEnd) {
    // The prefix ends with its terminator 0x00, so strinc only turns that byte into 0x01.
    int common = Math.min(end.length, kindEnd - 1);
    int order = Arrays.compareUnsigned(end, 0, common, begin, 0, common);
    if (order != 0) {
      return order < 0;
    }
    if (end.length < kindEnd) {
      return true; // a proper prefix of the incremented prefix sorts before it
    }
    int last = Byte.toUnsignedInt(end[kindEnd - 1]);
    return last < 1 || (last == 1 && end.length == kindEnd);
  }

  /**
   * The index just past the kind element's terminator in {@code key}, or -1 when {@code key} does
   * not start with {@code ("eventide", <string>, <string>)}.
   */
  private static int kindEnd(byte[] key) {
    int clusterEnd = clusterEnd(key);
    return clusterEnd < 0 ? -1 : stringEnd(key, clusterEnd);
  }

  /** The index just past the cluster element, or -1 when {@code key} is no keyspace key. */
  private static int clusterEnd(byte[] key) {
    return startsWith(key, ROOT) ? stringEnd(key, ROOT.length) : -1;
  }

  /**
   * The index just past a tuple string element beginning at {@code at} (its type code), or -1. A
   * 0x00 inside a string is escaped as {@code 0x00 0xFF}.
   */
  private static int stringEnd(byte[] key, int at) {
    if (at >= key.length || key[at] != STRING) {
      return -1;
    }
    for (int i = at + 1; i < key.length; i++) {
      if (key[i] == 0) {
        if (i + 1 < key.length && key[i + 1] == (byte) 0xFF) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean equalsAt(byte[] key, int from, int to, byte[] expected) {
    return Arrays.equals(key, from, to, expected, 0, expected.length);
  }
}
