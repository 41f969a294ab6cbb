package io.eventide.catalog;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON patterns attached at run time ({@code PUT /v1/patterns/{name}}), as data in the store:
 * the last {@link #VERSIONS_KEPT} versions of each name under {@code patterns/<name>/<version>}, so
 * that partial matches started under an older version can finish under it, and the last version
 * number a name used under {@code pattern-last/<name>}, so that a name deleted and attached again
 * goes on counting and no key mistakes a new version for an old one. A version is what a gateway
 * checked; the catalog only stores it, with its input type, which no other pattern and no
 * deployment may use.
 *
 * <pre>{@code
 * PatternCatalog patterns = new PatternCatalog(store, keyspace);
 * PatternCatalog.Stored stored = patterns.put("big-after-small", "fraud/card", body, now);
 * int version = stored.version();   // 1, then 2 for the next put of the name
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe (each call runs its own transaction; a put is serializable against every other put).
 */
public final class PatternCatalog {
  /** Versions kept per name; partial matches of an older version end when their key runs next. */
  public static final int VERSIONS_KEPT = 16;

  /** The most patterns attached at once. */
  public static final int MAX_PATTERNS = 1_000;

  /**
   * One kept version of a pattern.
   *
   * @param name the pattern's name
   * @param version its version, from 1
   * @param input the function type it runs over ({@code ns/type})
   * @param createdAt when it was put, epoch ms
   * @param body its JSON, as put
   */
  public record Stored(String name, int version, String input, long createdAt, byte[] body) {}

  /** A put that would make two patterns run over one input type, or exceed a limit. */
  public static final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message);
    }
  }

  private final TransactionRunner runner;
  private final Keyspace keyspace;

  public PatternCatalog(Store store, Keyspace keyspace) {
    this.runner = new TransactionRunner(store);
    this.keyspace = keyspace;
  }

  /**
   * Stores a new version of {@code name} running over {@code input}; throws {@link
   * ConflictException} when another pattern runs over {@code input}, when an earlier version of
   * {@code name} runs over another input (delete it first), or when {@link #MAX_PATTERNS} other
   * patterns are attached.
   */
  public Stored put(String name, String input, byte[] body, long now) {
    return runner.run(
        tx -> {
          Map<String, List<Stored>> all = all(tx);
          for (Map.Entry<String, List<Stored>> entry : all.entrySet()) {
            String other = entry.getValue().get(entry.getValue().size() - 1).input();
            if (entry.getKey().equals(name) && !other.equals(input)) {
              throw new ConflictException(
                  "pattern "
                      + name
                      + " runs over "
                      + other
                      + "; its input cannot change while it is attached: DELETE it first");
            }
            if (!entry.getKey().equals(name) && other.equals(input)) {
              throw new ConflictException(
                  "pattern " + entry.getKey() + " already runs over " + input + "; one per input");
            }
          }
          // Read in this transaction, so that a pattern put and a deploy of its type never both
          // succeed (the deploy reads the patterns the same way; see DeploymentCatalog).
          for (KeyValue row : tx.getPrefix(keyspace.deployments(), 0)) {
            if (serves(row.value(), input)) {
              throw new ConflictException(
                  input
                      + " is served by a deployment; a pattern's input must be a type no deployment"
                      + " serves");
            }
          }
          if (!all.containsKey(name) && all.size() >= MAX_PATTERNS) {
            throw new ConflictException(
                MAX_PATTERNS + " patterns are attached, the most there may be; delete one first");
          }
          byte[] last = tx.get(keyspace.patternLast(name));
          int version = (last == null ? 0 : ByteBuffer.wrap(last).getInt()) + 1;
          tx.set(keyspace.patternLast(name), ByteBuffer.allocate(4).putInt(version).array());
          tx.set(keyspace.patternVersion(name, version), encode(input, now, body));
          List<Stored> kept = all.getOrDefault(name, List.of());
          for (int i = 0; i <= kept.size() - VERSIONS_KEPT; i++) {
            tx.clear(keyspace.patternVersion(name, kept.get(i).version()));
          }
          return new Stored(name, version, input, now, body.clone());
        });
  }

  /** The current version of {@code name}. */
  public Optional<Stored> get(String name) {
    List<Stored> versions = versions(name);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** The kept versions of {@code name}, oldest first; empty when it is not attached. */
  public List<Stored> versions(String name) {
    return runner.run(tx -> versions(tx, name));
  }

  /** Detaches {@code name}: removes its kept versions (its version count stays); false if none. */
  public boolean delete(String name) {
    return runner.run(
        tx -> {
          if (versions(tx, name).isEmpty()) {
            return false;
          }
          byte[] prefix = keyspace.patternVersions(name);
          tx.clearRange(prefix, Keyspace.end(prefix));
          return true;
        });
  }

  /** Every attached pattern's kept versions, oldest first, by name in name order. */
  public Map<String, List<Stored>> all() {
    return runner.run(this::all);
  }

  private Map<String, List<Stored>> all(Transaction tx) {
    Map<String, List<Stored>> all = new LinkedHashMap<>();
    for (KeyValue row : tx.getPrefix(keyspace.patterns(), 0)) {
      Stored stored = decode(row);
      all.computeIfAbsent(stored.name(), k -> new ArrayList<>()).add(stored);
    }
    return all;
  }

  /**
   * The attached pattern whose input is one of {@code types}, read in {@code tx} so that the
   * caller's commit conflicts with a concurrent put.
   */
  Optional<Stored> over(Transaction tx, Set<String> types) {
    for (List<Stored> versions : all(tx).values()) {
      Stored current = versions.get(versions.size() - 1);
      if (types.contains(current.input())) {
        return Optional.of(current);
      }
    }
    return Optional.empty();
  }

  private static boolean serves(byte[] record, String type) {
    try {
      return DeploymentRecord.parseFrom(record).getFunctionsList().contains(type);
    } catch (InvalidProtocolBufferException e) {
      return false; // DeploymentCatalog reports unreadable records; they serve nothing
    }
  }

  private List<Stored> versions(Transaction tx, String name) {
    List<Stored> versions = new ArrayList<>();
    for (KeyValue row : tx.getPrefix(keyspace.patternVersions(name), 0)) {
      versions.add(decode(row));
    }
    return versions;
  }

  private Stored decode(KeyValue row) {
    var key = keyspace.unpack(row.key());
    ByteBuffer value = ByteBuffer.wrap(row.value());
    long createdAt = value.getLong();
    byte[] input = new byte[value.getShort()];
    value.get(input);
    byte[] body = Arrays.copyOfRange(row.value(), value.position(), row.value().length);
    return new Stored(
        key.getString(1),
        (int) key.getLong(2),
        new String(input, java.nio.charset.StandardCharsets.UTF_8),
        createdAt,
        body);
  }

  private static byte[] encode(String input, long now, byte[] body) {
    byte[] type = input.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + 2 + type.length + body.length)
        .putLong(now)
        .putShort((short) type.length)
        .put(type)
        .put(body)
        .array();
  }
}
