package io.eventide.sdk.runtime;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An iterator over what {@code live} makes of each item of another: expired items (null) left out,
 * the others as {@code live} returns them (their headers taken off). Lazy, as the stored maps and
 * lists it walks are read a page at a time.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as the handler call that iterates it.
 */
final class LiveItems<E> implements Iterator<E> {
  private final Iterator<E> all;
  private final Function<E, E> live;
  private E next;

  LiveItems(Iterator<E> all, Function<E, E> live) {
    this.all = all;
    this.live = live;
    this.next = advance();
  }

  private E advance() {
    while (all.hasNext()) {
      E item = live.apply(all.next());
      if (item != null) {
        return item;
      }
    }
    return null;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public E next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    E out = next;
    next = advance();
    return out;
  }
}
