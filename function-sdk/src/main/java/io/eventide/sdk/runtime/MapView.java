package io.eventide.sdk.runtime;

import io.eventide.sdk.Limits;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.TooLargeException;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A handler call's view of one map: encodes and decodes with the spec's types and keeps its writes
 * in the scope's {@link ScopeMaps}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as the handler call it belongs to.
 */
final class MapView<K, V> implements MapState<K, V> {
  private final MapSpec<K, V> spec;
  private final CallAccess call;

  /** The name the map is stored under: its own, or with a TTL, its TTL's ({@link Expiring}). */
  private final String stored;

  MapView(MapSpec<K, V> spec, CallAccess call) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.call = call;
    this.stored = Expiring.storedName(spec.name(), spec.ttl());
  }

  @Override
  public Optional<V> get(K key) {
    call.checkOpen();
    byte[] value = read(key(key));
    return value == null ? Optional.empty() : Optional.of(spec.valueType().decode(value));
  }

  @Override
  public boolean contains(K key) {
    call.checkOpen();
    return read(key(key)) != null;
  }

  /** The live value under {@code key}, or null; a read renews it if the spec says so. */
  private byte[] read(byte[] key) {
    byte[] value = call.maps().get(stored, key);
    if (value == null || spec.ttl().isEmpty()) {
      return value;
    }
    long now = call.currentProcessingTime();
    if (!Expiring.alive(value, now)) {
      return null;
    }
    byte[] payload = Expiring.payload(value);
    if (spec.ttlRenewedByReads()) {
      call.maps().put(stored, key, Expiring.wrap(deadline(), payload));
    }
    return payload;
  }

  private long deadline() {
    return Expiring.deadline(call.currentProcessingTime(), spec.ttl().orElseThrow());
  }

  @Override
  public void put(K key, V value) {
    call.checkOpen();
    byte[] encodedKey = call.output("key of map '" + spec.name() + "'", key(key));
    byte[] encoded =
        spec.valueType()
            .encode(Objects.requireNonNull(value, "value of map '" + spec.name() + "'"));
    call.output("value of map '" + spec.name() + "'", encoded);
    call.maps()
        .put(
            stored,
            encodedKey,
            spec.ttl().isEmpty() ? encoded : Expiring.wrap(deadline(), encoded));
  }

  @Override
  public void remove(K key) {
    call.checkOpen();
    call.maps().remove(stored, call.output("key of map '" + spec.name() + "'", key(key)));
  }

  @Override
  public Iterable<Map.Entry<K, V>> entries() {
    return decoded(
        entry ->
            new AbstractMap.SimpleImmutableEntry<>(
                spec.keyType().decode(entry.getKey()), spec.valueType().decode(entry.getValue())));
  }

  @Override
  public Iterable<K> keys() {
    return decoded(entry -> spec.keyType().decode(entry.getKey()));
  }

  /** The entries, read lazily as iterated, each turned into what {@code decode} makes of it. */
  private <R> Iterable<R> decoded(Function<Map.Entry<byte[], byte[]>, R> decode) {
    call.checkOpen();
    return () -> {
      Iterator<Map.Entry<byte[], byte[]>> raw = live();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return raw.hasNext();
        }

        @Override
        public R next() {
          return decode.apply(raw.next());
        }
      };
    };
  }

  /**
   * The entries in key order, expired ones left out and headers taken off. Iterating renews no TTL:
   * a walk over a large map would rewrite all of it (docs/decisions/state-ttl.md).
   */
  private Iterator<Map.Entry<byte[], byte[]>> live() {
    Iterator<Map.Entry<byte[], byte[]>> all = call.maps().entries(stored);
    if (spec.ttl().isEmpty()) {
      return all;
    }
    long now = call.currentProcessingTime();
    return new LiveItems<>(
        all,
        entry ->
            Expiring.alive(entry.getValue(), now)
                ? Map.entry(entry.getKey(), Expiring.payload(entry.getValue()))
                : null);
  }

  @Override
  public boolean isEmpty() {
    call.checkOpen();
    return !live().hasNext();
  }

  @Override
  public void clear() {
    call.checkOpen();
    call.maps().clear(stored);
  }

  private byte[] key(K key) {
    byte[] encoded =
        spec.keyType().encode(Objects.requireNonNull(key, "key of map '" + spec.name() + "'"));
    if (encoded.length > Limits.MAX_MAP_KEY_BYTES) {
      throw new TooLargeException(
          "key of map '" + spec.name() + "'", encoded.length, Limits.MAX_MAP_KEY_BYTES);
    }
    return encoded;
  }
}
