package io.eventide.catalog;

import com.apple.foundationdb.tuple.Tuple;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.protocol.SourceConfig;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Chunks;
import io.eventide.store.keyspace.Keyspace;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment catalog in the store: a {@link DeploymentRecord} under {@code deployments/<id>}
 * (name, version, the function types and ingress source settings its modules registered, the jar's
 * size and parts) and the jar under {@code jars/<id>/<part>}, each part chunked by {@link Chunks}.
 * Everything but the jar's bytes is data that gateways and dispatchers read without loading a
 * class; workers read the jar to load it.
 *
 * <p>A jar of up to {@link #PART_BYTES} is one part, written in the same transaction as its record.
 * Larger jars cannot fit one transaction (10 MB limit): their first parts are written in
 * transactions of their own before the final one, and stay invisible (no record names them) until
 * it commits; if it fails they are cleared. The final transaction checks for conflicting function
 * types and replaces the previous version of the same name, so those checks are serializable across
 * every process sharing the store.
 *
 * <pre>{@code
 * try (DeploymentCatalog catalog = new DeploymentCatalog(store, keyspace)) {
 *   DeploymentRecord record = catalog.save("d-1f2e", "shop", jar, registrations, now);
 *   List<DeploymentRecord> all = catalog.records();
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe (each call runs its own transactions).
 */
public final class DeploymentCatalog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentCatalog.class);

  /** Bytes per jar part: well under the transaction limit with chunk keys and the record. */
  static final int PART_BYTES = 4 * 1024 * 1024;

  private final TransactionRunner runner;
  private final Keyspace keyspace;
  private final DeploymentVersions versions;
  private final PatternCatalog patterns;

  /** Keys of unreadable records already logged: readers come every second, the log once. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  public DeploymentCatalog(Store store, Keyspace keyspace) {
    this.runner = new TransactionRunner(store);
    this.keyspace = keyspace;
    this.patterns = new PatternCatalog(store, keyspace);
    this.versions = new DeploymentVersions(keyspace);
  }

  /**
   * Stores a deployment with what its modules registered; the previous version of {@code name} is
   * replaced and the new record gets its version + 1. Throws CONFLICT when another name serves one
   * of the function types, when an attached JSON pattern runs over one of them ({@link
   * PatternCatalog}), or another name configures one of the sources differently, so that the store
   * never holds two settings for one source.
   */
  public DeploymentRecord save(
      String id, String name, byte[] jar, Registrations registered, long now) {
    return save(id, name, jar, registered, now, DEFAULT_VERSIONS_KEPT, 0);
  }

  /**
   * As {@link #save(String, String, byte[], Registrations, long)}, keeping the replaced version for
   * rollback ({@link DeploymentVersions}): at most {@code versionsKept} versions of {@code name},
   * the new one included, the oldest going with their jars. {@code rollbackOf} is the version whose
   * jar this is again (0 for a new jar).
   */
  public DeploymentRecord save(
      String id,
      String name,
      byte[] jar,
      Registrations registered,
      long now,
      int versionsKept,
      int rollbackOf) {
    if (versionsKept < 1) {
      throw new IllegalArgumentException("versionsKept must be at least 1, was " + versionsKept);
    }
    int parts = Math.max(1, (jar.length + PART_BYTES - 1) / PART_BYTES);
    try {
      for (int part = 0; part < parts - 1; part++) {
        byte[] slice = slice(jar, part);
        int index = part;
        runner.run(
            tx -> {
              Chunks.write(tx, part(id, index), slice);
              return null;
            });
      }
      DeploymentRecord.Builder record =
          DeploymentRecord.newBuilder()
              .setId(id)
              .setName(name)
              .addAllFunctions(registered.getFunctionsList())
              .setCreatedAt(now)
              .setSizeBytes(jar.length)
              .setJarParts(parts)
              .addAllSources(registered.getSourcesList())
              .setRollbackOf(rollbackOf);
      byte[] last = slice(jar, parts - 1);
      return runner.run(tx -> commitRecord(tx, record, last, versionsKept));
    } catch (RuntimeException e) {
      if (parts > 1) {
        clearJarAfterFailure(id, e);
      }
      StoreException store = StoreException.unwrap(e);
      if (store != null && store.code() == StoreException.Code.TOO_LARGE) {
        throw new DeploymentException(
            Code.TOO_LARGE, "the jar does not fit the store: " + store.getMessage(), e);
      }
      throw e;
    }
  }

  private DeploymentRecord commitRecord(
      Transaction tx, DeploymentRecord.Builder record, byte[] lastPart, int versionsKept) {
    int version = versions.latest(tx, record.getName());
    Set<String> wanted = new HashSet<>(record.getFunctionsList());
    for (DeploymentRecord existing : records(tx)) {
      if (existing.getName().equals(record.getName())) {
        version = Math.max(version, existing.getVersion());
        tx.clear(keyspace.deployment(existing.getId()));
        versions.keep(tx, existing);
        continue;
      }
      for (String function : existing.getFunctionsList()) {
        if (wanted.contains(function)) {
          throw new DeploymentException(
              Code.CONFLICT,
              "function type "
                  + function
                  + " is already served by deployment "
                  + existing.getName()
                  + " ("
                  + existing.getId()
                  + "); delete it first or deploy under that name");
        }
      }
      checkSources(record, existing);
    }
    patterns
        .over(tx, wanted)
        .ifPresent(
            pattern -> {
              throw new DeploymentException(
                  Code.CONFLICT,
                  "function type "
                      + pattern.input()
                      + " is the input of pattern "
                      + pattern.name()
                      + "; DELETE /v1/patterns/"
                      + pattern.name()
                      + " first or serve another type");
            });
    DeploymentRecord done = record.setVersion(version + 1).build();
    Chunks.write(tx, part(done.getId(), done.getJarParts() - 1), lastPart);
    tx.set(keyspace.deployment(done.getId()), done.toByteArray());
    versions.trim(tx, done.getName(), versionsKept - 1, this::clearJar);
    return done;
  }

  private static void checkSources(DeploymentRecord.Builder record, DeploymentRecord existing) {
    for (SourceConfig source : record.getSourcesList()) {
      for (SourceConfig other : existing.getSourcesList()) {
        if (other.getName().equals(source.getName()) && !other.equals(source)) {
          throw new DeploymentException(
              Code.CONFLICT,
              "source "
                  + source.getName()
                  + " is configured differently by "
                  + "deployment "
                  + existing.getName()
                  + " ("
                  + existing.getId()
                  + "): "
                  + describe(other)
                  + "; register the same SourceSpec in both or in one only");
        }
      }
    }
  }

  private static String describe(SourceConfig source) {
    return "out-of-orderness "
        + source.getOutOfOrdernessMillis()
        + " ms, idle timeout "
        + source.getIdleTimeoutMillis()
        + " ms"
        + (source.getExplicitWatermarks() ? ", explicit watermarks" : "");
  }

  /** Every stored deployment; a record that does not parse is logged (once) and left out. */
  public List<DeploymentRecord> records() {
    return runner.run(this::records);
  }

  /** The stored deployment {@code id}, if there is a readable one. */
  public Optional<DeploymentRecord> record(String id) {
    byte[] key = keyspace.deployment(id);
    return runner.run(tx -> Optional.ofNullable(tx.get(key)).flatMap(value -> parse(key, value)));
  }

  private List<DeploymentRecord> records(ReadView view) {
    List<DeploymentRecord> records = new ArrayList<>();
    for (KeyValue entry : view.getPrefix(keyspace.deployments(), 0)) {
      parse(entry.key(), entry.value()).ifPresent(records::add);
    }
    return records;
  }

  /**
   * The jar of a stored deployment; empty when it was deleted meanwhile. Throws a non-retryable
   * {@link StoreException} when its parts are torn.
   */
  public Optional<byte[]> jar(DeploymentRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) record.getSizeBytes());
    for (int part = 0; part < record.getJarParts(); part++) {
      int index = part;
      // One transaction per part: a whole 64 MiB jar would outlive the 5 s transaction limit.
      byte[] bytes = runner.run(tx -> Chunks.read(tx, part(record.getId(), index)));
      if (bytes == null) {
        return Optional.empty();
      }
      out.writeBytes(bytes);
    }
    return Optional.of(out.toByteArray());
  }

  /**
   * Removes a deployment's record and jar, and every version of its name kept for rollback; false
   * when there was none.
   */
  public boolean delete(String id) {
    return runner.run(
        tx -> {
          byte[] value = tx.get(keyspace.deployment(id));
          if (value == null) {
            return false;
          }
          tx.clear(keyspace.deployment(id));
          clearJar(tx, id);
          parse(keyspace.deployment(id), value)
              .ifPresent(record -> versions.trim(tx, record.getName(), 0, this::clearJar));
          return true;
        });
  }

  /**
   * The versions of {@code name} kept for rollback, oldest first; the current one is not among
   * them.
   */
  public List<DeploymentRecord> keptVersions(String name) {
    return runner.run(tx -> versions.list(tx, name));
  }

  /** Versions kept per deployment name when the caller names no count. */
  public static final int DEFAULT_VERSIONS_KEPT = 10;

  private void clearJar(Transaction tx, String id) {
    byte[] prefix = keyspace.jar(id);
    tx.clearRange(prefix, Keyspace.end(prefix));
  }

  private void clearJarAfterFailure(String id, RuntimeException failure) {
    try {
      runner.run(
          tx -> {
            clearJar(tx, id);
            return null;
          });
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Stops the runner's retry thread; the store stays open. */
  @Override
  public void close() {
    runner.close();
  }

  private byte[] part(String id, int part) {
    return Keys.concat(keyspace.jar(id), Tuple.from(part).pack());
  }

  private static byte[] slice(byte[] jar, int part) {
    int from = part * PART_BYTES;
    return Arrays.copyOfRange(jar, from, Math.min(jar.length, from + PART_BYTES));
  }

  /**
   * A record that does not parse (damaged in the store) is skipped rather than failing every
   * reader: the gateway keeps serving the deployments it can read.
   */
  private Optional<DeploymentRecord> parse(byte[] key, byte[] value) {
    try {
      return Optional.of(DeploymentRecord.parseFrom(value));
    } catch (InvalidProtocolBufferException e) {
      if (reported.add(HexFormat.of().formatHex(key))) {
        LOG.error(
            "skipping an unreadable deployment record under key {}: {}",
            HexFormat.of().formatHex(key),
            e.getMessage(),
            e);
      }
      return Optional.empty();
    }
  }
}
