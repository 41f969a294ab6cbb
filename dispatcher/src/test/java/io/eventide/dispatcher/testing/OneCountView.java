package io.eventide.dispatcher.testing;

import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import java.util.Arrays;
import java.util.List;

/**
 * A view in which every address holds one value, {@code count} (the key's {@code suffix} after an
 * address's state prefix), so that a fixture measures the shard's own tables and not a store.
 */
record OneCountView(byte[] suffix, byte[] value) implements ReadView {
  @Override
  public byte[] get(byte[] key) {
    return value;
  }

  @Override
  public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
    byte[] key = Arrays.copyOf(begin, begin.length + suffix.length);
    System.arraycopy(suffix, 0, key, begin.length, suffix.length);
    return List.of(new KeyValue(key, value));
  }
}
