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

  MapView(MapSpec<K, V> spec, CallAccess call) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.call = call;
  }

  @Override
  public Optional<V> get(K key) {
    call.checkOpen();
    byte[] value = call.maps().get(spec.name(), key(key));
    return value == null ? Optional.empty() : Optional.of(spec.valueType().decode(value));
  }

  @Override
  public boolean contains(K key) {
    call.checkOpen();
    return call.maps().get(spec.name(), key(key)) != null;
  }

  @Override
  public void put(K key, V value) {
    call.checkOpen();
    byte[] encodedKey = call.output("key of map '" + spec.name() + "'", key(key));
    byte[] encoded =
        spec.valueType()
            .encode(Objects.requireNonNull(value, "value of map '" + spec.name() + "'"));
    call.maps()
        .put(spec.name(), encodedKey, call.output("value of map '" + spec.name() + "'", encoded));
  }

  @Override
  public void remove(K key) {
    call.checkOpen();
    call.maps().remove(spec.name(), call.output("key of map '" + spec.name() + "'", key(key)));
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
      Iterator<Map.Entry<byte[], byte[]>> raw = call.maps().entries(spec.name());
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

  @Override
  public boolean isEmpty() {
    call.checkOpen();
    return !call.maps().entries(spec.name()).hasNext();
  }

  @Override
  public void clear() {
    call.checkOpen();
    call.maps().clear(spec.name());
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
