package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Names a map in a function's state, with the types of its keys and values. A map is stored entry
 * by entry: putting one entry writes that entry only, and reading one reads that entry only, so a
 * map may hold far more than one value could. Built in two stages, as {@link ValueSpec} is:
 *
 * <pre>{@code
 * static final MapSpec<String, Long> ITEMS =
 *     MapSpec.named("items").withTypes(Types.STRING, Types.LONG);
 * }</pre>
 *
 * <p>Map names live apart from value and list names: a value, a map and a list may share one. A map
 * needs no registration; it exists once an entry is put. Keys are compared by their encoded bytes,
 * and iteration visits them in the unsigned order of those bytes (as Flink's RocksDB map state
 * does).
 *
 * @param <K> the key type
 * @param <V> the value type
 * @see Storage#map(MapSpec)
 */
public final class MapSpec<K, V> {
  private final String name;
  private final Type<K> keyType;
  private final Type<V> valueType;
  private final Ttl ttl;

  private MapSpec(String name, Type<K> keyType, Type<V> valueType, Ttl ttl) {
    this.name = name;
    this.keyType = Objects.requireNonNull(keyType, "keyType");
    this.valueType = Objects.requireNonNull(valueType, "valueType");
    this.ttl = ttl;
  }

  /** Starts a spec for the map called {@code name}, which must match {@code [a-z][a-z0-9_]*}. */
  public static Named named(String name) {
    return new Named(ValueSpec.checkName(name));
  }

  /** The map's name. */
  public String name() {
    return name;
  }

  /** The type of its keys. */
  public Type<K> keyType() {
    return keyType;
  }

  /** The type of its values. */
  public Type<V> valueType() {
    return valueType;
  }

  /**
   * This spec, with each entry expiring {@code ttl} after it was last written ({@code put}), in
   * processing time, as Flink's map state TTL. An expired entry is never returned, by a read nor by
   * iteration: it reads as absent at once, and a background sweep removes it from the store later.
   * Replaces any TTL set before.
   *
   * <pre>{@code
   * static final MapSpec<String, Long> SEEN =
   *     MapSpec.named("seen").withTypes(Types.STRING, Types.LONG).expireAfterWrite(Duration.ofHours(1));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code ttl} is under 1 ms
   */
  public MapSpec<K, V> expireAfterWrite(Duration ttl) {
    return new MapSpec<>(name, keyType, valueType, new Ttl(ttl, false));
  }

  /**
   * This spec, with each entry expiring {@code ttl} after it was last read by {@code get} or {@code
   * contains}, or written, in processing time. Iterating renews no entry: a walk over a large map
   * would rewrite all of it. See {@link #expireAfterWrite}.
   *
   * <pre>{@code
   * static final MapSpec<String, Long> CACHE =
   *     MapSpec.named("cache").withTypes(Types.STRING, Types.LONG).expireAfterAccess(Duration.ofMinutes(10));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code ttl} is under 1 ms
   */
  public MapSpec<K, V> expireAfterAccess(Duration ttl) {
    return new MapSpec<>(name, keyType, valueType, new Ttl(ttl, true));
  }

  /** How long each entry lives after its last write (or access), if it expires at all. */
  public Optional<Duration> ttl() {
    return ttl == null ? Optional.empty() : Optional.of(ttl.duration());
  }

  /** Whether reads renew each entry's TTL ({@link #expireAfterAccess}), not only writes. */
  public boolean ttlRenewedByReads() {
    return ttl != null && ttl.onAccess();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MapSpec<?, ?> spec && spec.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "MapSpec(" + name + ")";
  }

  /**
   * The first stage of a {@link MapSpec}: a name waiting for its types.
   *
   * <pre>{@code
   * MapSpec.Named carts = MapSpec.named("carts");
   * MapSpec<String, Long> spec = carts.withTypes(Types.STRING, Types.LONG);
   * }</pre>
   */
  public static final class Named {
    private final String name;

    private Named(String name) {
      this.name = name;
    }

    /** Completes the spec with the types of the map's keys and values. */
    public <K, V> MapSpec<K, V> withTypes(Type<K> keyType, Type<V> valueType) {
      return new MapSpec<>(name, keyType, valueType, null);
    }
  }
}
