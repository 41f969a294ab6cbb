package io.eventide.dispatcher.internal.eventtime;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.SourceConfig;
import io.eventide.protocol.SourceRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The ingress sources a dispatcher knows, with their clocks and settings. Settings come, in this
 * order of precedence, from the launcher ({@code --source}), from the deployed modules ({@code
 * SourceSpec}s recorded in deployment records), or {@link SourceSettings#DEFAULT}. Key groups watch
 * {@link #version()} to learn that some source's durable progress moved.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Sources {
  /** The source of {@code /v1/send} and {@code /v1/call}. */
  public static final String REST = "rest";

  private static final int PARTITION = 0;

  /** Separates a partitioned source's name from its partition; names cannot hold it (API.md). */
  public static final char PARTITION_MARK = '#';

  /**
   * How stale a key group's view of a source may get without being told: shards catch up with every
   * source at least this often, so sources that move very often need not tell them.
   */
  public static final long CATCH_UP_MILLIS = 50;

  private final Store store;
  private final Keyspace keyspace;
  private final Map<String, SourceClock> clocks = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private volatile Map<String, SourceSettings> overrides = Map.of();
  private volatile Map<String, SourceSettings> fromModules = Map.of();
  private final Map<String, SourceSettings> partitioned = new ConcurrentHashMap<>();

  /** Told of each clock as it is made (the metrics of sources). */
  private volatile Consumer<SourceClock> made = clock -> {};

  /** Whether other dispatchers append to these sources too (a cluster); see {@link #share}. */
  private volatile boolean shared;

  public Sources(Store store, Keyspace keyspace) {
    this.store = store;
    this.keyspace = keyspace;
  }

  /** Settings from the launcher; they win over the modules'. */
  public void override(Map<String, SourceSettings> settings) {
    this.overrides = Map.copyOf(settings);
    clocks.values().forEach(clock -> clock.settings(settingsOf(clock.name())));
  }

  /**
   * The settings of a partitioned source (a Kafka subscription): each of its partitions is a source
   * of its own, named {@link #partition}, with these settings, so a partition's watermark is its
   * own and a function's watermark is the minimum over the partitions that reach it.
   */
  public void configurePartitioned(String source, SourceSettings settings) {
    partitioned.put(source, settings);
    clocks.values().stream()
        .filter(clock -> clock.name().startsWith(source + PARTITION_MARK))
        .forEach(clock -> clock.settings(settingsOf(clock.name())));
  }

  /** The source name of partition {@code partition} of the partitioned source {@code source}. */
  public static String partition(String source, int partition) {
    return source + PARTITION_MARK + partition;
  }

  /**
   * Catches {@code source}'s clock up with its durable progress, which another dispatcher may have
   * moved while it held the source (a Kafka partition that changed hands).
   */
  public void reload(ReadView view, String source) {
    byte[] value = view.get(keyspace.watermark(source, PARTITION));
    if (value != null) {
      clock(source).commit(progress(value));
    }
  }

  /** Loads every source's durable progress and the modules' settings; call once before use. */
  public void load() {
    try (Transaction tx = store.begin()) {
      ReadView view = tx.snapshot();
      readModules(view);
      learn(view.getPrefix(keyspace.watermarks(), Integer.MAX_VALUE));
    }
  }

  /**
   * Other dispatchers stamp and append these sources too: each stamps a source's events from the
   * progress it reads in the appending transaction ({@link #startOf}), not from what it last
   * committed itself, so two of them never hand out the same sequence and the one that read stale
   * progress conflicts and stamps again.
   */
  public void share() {
    shared = true;
  }

  public boolean isShared() {
    return shared;
  }

  /**
   * Catches the clocks up with the sources' durable progress as read from the store ({@code
   * watermarks/}): at start, and in a cluster whenever the sweep reads what other dispatchers
   * wrote. Progress never goes back, and {@code rest}, whose progress is per dispatcher and never
   * stored, is not there.
   */
  public void learn(List<KeyValue> records) {
    for (KeyValue kv : records) {
      clock(keyspace.unpack(kv.key()).getString(1)).commit(progress(kv.value()));
    }
  }

  /**
   * Where {@code clock}'s next events are stamped from, in {@code tx} that appends them. In a
   * cluster, the stored progress, read so that a concurrent appender in another dispatcher makes
   * one of the two conflict; on one node the clock's own, since nothing else appends.
   */
  public SourceProgress startOf(Transaction tx, SourceClock clock) {
    if (!shared) {
      return clock.committed();
    }
    byte[] value = tx.get(keyspace.watermark(clock.name(), PARTITION));
    return value == null ? clock.committed() : progress(value);
  }

  /** Re-reads the settings deployed modules declare (after a deployment changed). */
  public void refreshModules() {
    try (Transaction tx = store.begin()) {
      readModules(tx.snapshot());
    }
    clocks.values().forEach(clock -> clock.settings(settingsOf(clock.name())));
  }

  private void readModules(ReadView view) {
    Map<String, SourceSettings> settings = new HashMap<>();
    for (KeyValue kv : view.getPrefix(keyspace.deployments(), Integer.MAX_VALUE)) {
      try {
        for (SourceConfig config : DeploymentRecord.parseFrom(kv.value()).getSourcesList()) {
          settings.put(
              config.getName(),
              new SourceSettings(
                  config.getOutOfOrdernessMillis(),
                  config.getIdleTimeoutMillis(),
                  config.getExplicitWatermarks()));
        }
      } catch (InvalidProtocolBufferException e) {
        // Skipped as the catalog skips it (DeploymentCatalog reports it): one damaged record must
        // not keep the dispatcher from starting. Its sources keep the default settings.
        continue;
      }
    }
    fromModules = settings;
  }

  /**
   * Makes sure {@code source} has a clock before its first event, so that a source declared to the
   * topology ahead of its events (a Kafka partition) can go idle: without a clock it would never
   * count as idle. Its idleness counts from {@code now}, not from the epoch, so it holds the
   * watermark back for its idle timeout like a source that just went quiet.
   */
  public void declare(String source, long now) {
    clockOf(source, name -> new SourceProgress(0, Long.MIN_VALUE, now));
  }

  /** The clock of {@code source}, created on first use. */
  public SourceClock clock(String source) {
    return clockOf(source, this::initial);
  }

  /** Tells {@code listener} of every clock there is and of each one made from now on. */
  public synchronized void observe(Consumer<SourceClock> listener) {
    Consumer<SourceClock> before = made;
    made =
        clock -> {
          before.accept(clock);
          listener.accept(clock);
        };
    clocks.values().forEach(listener);
  }

  private SourceClock clockOf(String source, Function<String, SourceProgress> start) {
    SourceClock clock = clocks.get(source);
    if (clock != null) {
      return clock;
    }
    boolean[] created = {false};
    clock =
        clocks.computeIfAbsent(
            source,
            name -> {
              created[0] = true;
              return newClock(name, start.apply(name));
            });
    if (created[0]) {
      made.accept(clock); // outside computeIfAbsent: a listener may take its time, or look here
    }
    return clock;
  }

  private SourceProgress initial(String source) {
    // rest's progress is not persisted per request (its requests are unordered anyway); starting
    // its sequence at the clock keeps sequences after a restart above those before it.
    return source.equals(REST)
        ? new SourceProgress(System.currentTimeMillis() * 1_000, Long.MIN_VALUE, 0)
        : SourceProgress.EMPTY;
  }

  private SourceClock newClock(String source, SourceProgress progress) {
    return new SourceClock(
        source,
        settingsOf(source),
        progress,
        version::incrementAndGet,
        source.equals(REST) ? CATCH_UP_MILLIS : 0);
  }

  private SourceSettings settingsOf(String source) {
    SourceSettings settings = overrides.get(source);
    int mark = source.lastIndexOf(PARTITION_MARK);
    if (settings == null && mark > 0) {
      settings = partitioned.get(source.substring(0, mark));
    }
    if (settings == null) {
      settings = fromModules.get(source);
    }
    return settings != null ? settings : SourceSettings.DEFAULT;
  }

  /** The clock of {@code source} if it exists. */
  public SourceClock find(String source) {
    return clocks.get(source);
  }

  public Collection<SourceClock> all() {
    return clocks.values();
  }

  /** Grows whenever some source's durable progress moves. */
  public long version() {
    return version.get();
  }

  /** The record to write with a source's events, in the same transaction. */
  public void write(Transaction tx, String source, SourceProgress progress) {
    tx.set(
        keyspace.watermark(source, PARTITION),
        SourceRecord.newBuilder()
            .setSequence(progress.sequence())
            .setWatermark(progress.watermark())
            .setUpdatedAt(progress.updatedAt())
            .build()
            .toByteArray());
  }

  /** A stored {@code SourceRecord} as the progress it records. */
  private static SourceProgress progress(byte[] value) {
    SourceRecord record = parse(value);
    return new SourceProgress(record.getSequence(), record.getWatermark(), record.getUpdatedAt());
  }

  private static SourceRecord parse(byte[] value) {
    try {
      return SourceRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt source record", e);
    }
  }
}
