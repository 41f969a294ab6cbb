package io.eventide.sdk.runtime;

import io.eventide.sdk.ListSpec;
import io.eventide.sdk.ListState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A handler call's view of one list: encodes and decodes with the spec's type, on the same stored
 * lists as the platform's internal ones (whose names no spec can take).
 *
 * <p>With a TTL ({@link Expiring}): after write, each element carries when it expires and reads
 * skip expired ones; after access, the list expires as a whole, its expiry a value of the list's
 * stored name that every read or write of the list renews.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as the handler call it belongs to.
 */
final class ListView<T> implements ListState<T> {
  private final ListSpec<T> spec;
  private final CallAccess call;
  private final String stored;

  ListView(ListSpec<T> spec, CallAccess call) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.call = call;
    this.stored =
        spec.ttl().isEmpty()
            ? spec.name()
            : spec.name() + (spec.ttlRenewedByReads() ? Expiring.LIST_ON_ACCESS : Expiring.SUFFIX);
  }

  @Override
  public Iterable<T> get() {
    call.checkOpen();
    touch();
    return () -> {
      Iterator<byte[]> elements = live(call.iterateElements(stored));
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return elements.hasNext();
        }

        @Override
        public T next() {
          return spec.type().decode(elements.next());
        }
      };
    };
  }

  @Override
  public void add(T value) {
    call.checkOpen();
    byte[] element = encode(value);
    touch();
    call.appendElement(stored, stamped(element));
  }

  @Override
  public void addAll(List<T> values) {
    call.checkOpen();
    // Encoded first, so a value that cannot be adds nothing of the others.
    List<byte[]> encoded = encodeAll(values);
    touch();
    encoded.forEach(element -> call.appendElement(stored, stamped(element)));
  }

  @Override
  public void update(List<T> values) {
    call.checkOpen();
    List<byte[]> encoded = encodeAll(values);
    touch();
    call.clearElements(stored);
    encoded.forEach(element -> call.appendElement(stored, stamped(element)));
  }

  @Override
  public void clear() {
    call.checkOpen();
    call.clearElements(stored);
    if (spec.ttlRenewedByReads()) {
      call.stageValue(stored, null);
    }
  }

  /**
   * For a list that expires after access: empties it if it expired (so that elements added now do
   * not bring the old ones back), then renews it.
   */
  private void touch() {
    if (!spec.ttlRenewedByReads()) {
      return;
    }
    long now = call.currentProcessingTime();
    byte[] expiry = call.storedValue(stored);
    if (expiry != null && !Expiring.alive(expiry, now)) {
      call.clearElements(stored);
    }
    call.stageValue(
        stored, Expiring.wrap(Expiring.deadline(now, spec.ttl().orElseThrow()), new byte[0]));
  }

  /** {@code element} as stored: with its expiry when elements expire one by one. */
  private byte[] stamped(byte[] element) {
    if (spec.ttl().isEmpty() || spec.ttlRenewedByReads()) {
      return element;
    }
    return Expiring.wrap(
        Expiring.deadline(call.currentProcessingTime(), spec.ttl().orElseThrow()), element);
  }

  /** The live elements' payloads, when elements expire one by one. */
  private Iterator<byte[]> live(Iterator<byte[]> all) {
    if (spec.ttl().isEmpty() || spec.ttlRenewedByReads()) {
      return all;
    }
    long now = call.currentProcessingTime();
    return new LiveItems<>(
        all, element -> Expiring.alive(element, now) ? Expiring.payload(element) : null);
  }

  private List<byte[]> encodeAll(List<T> values) {
    List<byte[]> encoded = new ArrayList<>(values.size());
    for (T value : values) {
      encoded.add(encode(value));
    }
    return encoded;
  }

  private byte[] encode(T value) {
    byte[] encoded =
        spec.type().encode(Objects.requireNonNull(value, "element of list '" + spec.name() + "'"));
    return call.output("element of list '" + spec.name() + "'", encoded);
  }
}
