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
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as the handler call it belongs to.
 */
final class ListView<T> implements ListState<T> {
  private final ListSpec<T> spec;
  private final CallAccess call;

  ListView(ListSpec<T> spec, CallAccess call) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.call = call;
  }

  @Override
  public Iterable<T> get() {
    call.checkOpen();
    return () -> {
      Iterator<byte[]> elements = call.iterateElements(spec.name());
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
    call.appendElement(spec.name(), encode(value));
  }

  @Override
  public void addAll(List<T> values) {
    call.checkOpen();
    // Encoded first, so a value that cannot be adds nothing of the others.
    List<byte[]> encoded = new ArrayList<>(values.size());
    for (T value : values) {
      encoded.add(encode(value));
    }
    encoded.forEach(element -> call.appendElement(spec.name(), element));
  }

  @Override
  public void update(List<T> values) {
    call.checkOpen();
    List<byte[]> encoded = new ArrayList<>(values.size());
    for (T value : values) {
      encoded.add(encode(value));
    }
    call.clearElements(spec.name());
    encoded.forEach(element -> call.appendElement(spec.name(), element));
  }

  @Override
  public void clear() {
    call.checkOpen();
    call.clearElements(spec.name());
  }

  private byte[] encode(T value) {
    byte[] encoded =
        spec.type().encode(Objects.requireNonNull(value, "element of list '" + spec.name() + "'"));
    return call.output("element of list '" + spec.name() + "'", encoded);
  }
}
