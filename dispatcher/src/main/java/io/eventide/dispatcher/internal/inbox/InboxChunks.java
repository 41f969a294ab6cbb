package io.eventide.dispatcher.internal.inbox;

import com.google.protobuf.CodedOutputStream;
import io.eventide.protocol.InboxChunk;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.KeyValue;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.LargeValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * How inboxes are stored: a key group's entries go in chunks of up to {@link #MAX_ENTRIES} and
 * about {@link #CHUNK_BYTES}, one versionstamped key per chunk ({@code inbox/<kg>/<vs>}, an {@code
 * InboxChunk}). An entry larger than that (a message of up to 1 MiB) is a chunk of its own, stored
 * in parts under its key ({@link LargeValues}). A request slice or a batch writes one chunk per key
 * group it reaches, so the store takes a put per chunk instead of one per message, and consuming a
 * chunk is one delete.
 *
 * <p>Entries are consumed out of order across addresses and batches, so a chunk may be consumed in
 * parts. A commit that consumes part of a chunk adds its bits to the chunk's mask ({@code
 * inbox/<kg>/<vs>/0}, sorted right after the chunk): bits are disjoint, since an entry is consumed
 * by exactly one successful commit, so the atomic add is an OR that needs no read and conflicts
 * with nothing, not even a commit of the same chunk still in flight. The commit that finds every
 * other bit already committed deletes chunk and mask; a chunk completed by commits in flight
 * together is deleted by a later commit ({@link Chunk#leftover}).
 */
public final class InboxChunks {
  /** Entries per chunk: one bit each in a 64-bit mask. */
  public static final int MAX_ENTRIES = 64;

  /**
   * A chunk is written once its entries reach this size, so that most chunks are one store value.
   */
  static final int CHUNK_BYTES = LargeValues.INLINE_BYTES - 1_024;

  /**
   * The fewest rows an inbox read asks for: the largest chunk (one 1 MiB message in parts) and its
   * mask, so that a read always finds at least one whole chunk.
   */
  static final int MIN_ROWS = 32;

  private static final int ENTRIES_FIELD = InboxChunk.ENTRIES_FIELD_NUMBER;

  /** The tuple element 0 appended to a chunk's key. */
  private static final byte MASK_SUFFIX = 0x14;

  /** A tuple-encoded versionstamp: its type code, 10 bytes of commit version, 2 of user version. */
  private static final int VERSIONSTAMP_LENGTH = 13;

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] NO_SUFFIX = new byte[0];

  /** Chunks are parsed on shard threads, each with its decoder's shared strings. */
  private static final ThreadLocal<ChunkDecoder> DECODERS =
      ThreadLocal.withInitial(ChunkDecoder::new);

  private InboxChunks() {}

  /** Writes a chunk of one serialized entry at {@code prefix}'s next versionstamp. */
  public static void appendSingle(Transaction tx, byte[] prefix, int userVersion, byte[] entry) {
    LargeValues.setVersionstamped(tx, prefix, userVersion, NO_SUFFIX, encode(List.of(entry)));
  }

  static byte[] encode(List<byte[]> entries) {
    int size = 0;
    for (byte[] entry : entries) {
      size += CodedOutputStream.computeByteArraySize(ENTRIES_FIELD, entry);
    }
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      for (byte[] entry : entries) {
        stream.writeByteArray(ENTRIES_FIELD, entry);
      }
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("sized exactly above", e);
    }
    return out;
  }

  /**
   * The message id of entry {@code slot} of the chunk stored under {@code chunkKey}, for entries
   * stored without one: ingested events without an idempotency key. No two entries share a chunk
   * key and slot, and an entry keeps both until it is consumed, so the id is unique and the same on
   * every attempt, as the ids its effects derive from it must be. Not storing a random id saves a
   * quarter of such an entry's bytes, from the request thread's encoding to the shard's parsing.
   */
  static String entryId(byte[] chunkKey, int slot) {
    // The versionstamp's 12 bytes after its tuple type code: commit version and user version.
    return "v"
        + HEX.formatHex(chunkKey, chunkKey.length - (VERSIONSTAMP_LENGTH - 1), chunkKey.length)
        + "-"
        + slot;
  }

  /** The key of {@code chunkKey}'s mask of consumed entries. */
  static byte[] maskKey(byte[] chunkKey) {
    byte[] mask = Arrays.copyOf(chunkKey, chunkKey.length + 1);
    mask[chunkKey.length] = MASK_SUFFIX;
    return mask;
  }

  /** A stored mask's bits: 64 bits little-endian, as the store's atomic add writes them. */
  static long maskValue(byte[] stored) {
    if (stored == null) {
      return 0;
    }
    ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(stored, 0, Math.min(stored.length, Long.BYTES));
    return buffer.getLong(0);
  }

  /** The bits of a chunk of {@code size} entries. */
  static long full(int size) {
    return size == Long.SIZE ? -1L : (1L << size) - 1;
  }

  /**
   * A chunk as read from the store: its key, its entries, the mask of those consumed, and whether
   * it is stored in parts.
   */
  public record Stored(byte[] key, List<InboxEntry> entries, long consumed, boolean large) {
    /** Whether entry {@code slot} was consumed before this read. */
    public boolean consumed(int slot) {
      return (consumed & (1L << slot)) != 0;
    }
  }

  /**
   * The chunks among {@code rows}, read in key order from the inbox under {@code prefix}. When the
   * read stopped at its limit ({@code cut}), the last chunk is left for the next read: its parts or
   * its mask may lie beyond. A mask whose chunk is not read with it is skipped: its chunk is gone
   * or in memory.
   */
  public static Page chunks(byte[] prefix, List<KeyValue> rows, boolean cut) {
    int chunkKeyLength = prefix.length + VERSIONSTAMP_LENGTH;
    List<LargeValues.Value> values =
        LargeValues.assemble(
            rows,
            key ->
                key.length == chunkKeyLength
                    || key.length == chunkKeyLength + 1 && key[chunkKeyLength] == MASK_SUFFIX,
            cut);
    byte[] lastRow = rows.isEmpty() ? null : rows.get(rows.size() - 1).key();
    List<Stored> chunks = new ArrayList<>(values.size());
    byte[] resumeAfter = null;
    for (int i = 0; i < values.size(); i++) {
      LargeValues.Value value = values.get(i);
      byte[] key = value.key();
      if (key.length != chunkKeyLength) {
        resumeAfter = key;
        continue;
      }
      boolean masked =
          i + 1 < values.size()
              && values.get(i + 1).key().length == chunkKeyLength + 1
              && Arrays.equals(values.get(i + 1).key(), 0, chunkKeyLength, key, 0, chunkKeyLength);
      if (!masked && cut && endsAt(key, lastRow)) {
        break;
      }
      List<InboxEntry> entries = parse(value.value());
      long consumed = 0;
      if (masked) {
        consumed = maskValue(values.get(++i).value());
      }
      chunks.add(new Stored(key, entries, consumed, value.large()));
      resumeAfter = maskKey(key);
    }
    return new Page(chunks, resumeAfter);
  }

  /** Whether the last row read ({@code lastRow}) is the chunk's key or one of its parts. */
  private static boolean endsAt(byte[] chunkKey, byte[] lastRow) {
    return lastRow.length >= chunkKey.length
        && Arrays.equals(lastRow, 0, chunkKey.length, chunkKey, 0, chunkKey.length);
  }

  /** What one read of an inbox held: its chunks, and the key to read on after (null: none read). */
  public record Page(List<Stored> chunks, byte[] resumeAfter) {}

  static List<InboxEntry> parse(byte[] value) {
    try {
      return DECODERS.get().decode(value);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt inbox chunk", e);
    }
  }

  /**
   * Gathers serialized entries per key group and writes them as chunks into one transaction, in the
   * order they were appended: a chunk is written when full or at {@link #flush}, and takes its user
   * version then, so a key group's chunks keep their entries' order.
   *
   * <h2>Thread safety</h2>
   *
   * Confined to the thread building the transaction.
   */
  public static final class Writer {
    private final Transaction tx;
    private final Prefixes prefixes;
    private final IntSupplier userVersions;

    /** The chunk being filled for each key group, by key group: boxed keys cost an object each. */
    private List<byte[]>[] open = newOpen(256);

    /** The bytes of each open chunk's entries. */
    private int[] openBytes = new int[256];

    /**
     * A writer whose chunks are the transaction's only versionstamped keys: user versions 0, 1, ...
     */
    public Writer(Transaction tx, Prefixes prefixes) {
      this(
          tx,
          prefixes,
          new IntSupplier() {
            private int next;

            @Override
            public int getAsInt() {
              return next++;
            }
          });
    }

    /** {@code userVersions} hands out the transaction's versionstamp user versions. */
    public Writer(Transaction tx, Prefixes prefixes, IntSupplier userVersions) {
      this.tx = tx;
      this.prefixes = prefixes;
      this.userVersions = userVersions;
    }

    public void append(int keyGroup, byte[] entry) {
      if (keyGroup >= open.length) {
        open = Arrays.copyOf(open, Math.max(keyGroup + 1, 2 * open.length));
        openBytes = Arrays.copyOf(openBytes, open.length);
      }
      List<byte[]> chunk = open[keyGroup];
      if (chunk != null && openBytes[keyGroup] + entry.length > CHUNK_BYTES) {
        write(keyGroup, chunk);
        chunk = null;
      }
      if (chunk == null) {
        chunk = open[keyGroup] = new ArrayList<>();
        openBytes[keyGroup] = 0;
      }
      chunk.add(entry);
      openBytes[keyGroup] += entry.length;
      if (chunk.size() == MAX_ENTRIES || openBytes[keyGroup] > CHUNK_BYTES) {
        write(keyGroup, chunk);
      }
    }

    /** Writes every chunk still open. */
    public void flush() {
      for (int keyGroup = 0; keyGroup < open.length; keyGroup++) {
        if (open[keyGroup] != null) {
          write(keyGroup, open[keyGroup]);
        }
      }
    }

    @SuppressWarnings({
      "unchecked",
      "rawtypes"
    }) // an array of a generic type; only lists of entries go in
    private static List<byte[]>[] newOpen(int keyGroups) {
      return new List[keyGroups];
    }

    private void write(int keyGroup, List<byte[]> entries) {
      LargeValues.setVersionstamped(
          tx, prefixes.inbox(keyGroup), userVersions.getAsInt(), NO_SUFFIX, encode(entries));
      open[keyGroup] = null;
    }
  }

  /** A key group's inbox prefix ({@link Inboxes#prefix}). */
  @FunctionalInterface
  public interface Prefixes {
    byte[] inbox(int keyGroup);
  }
}
