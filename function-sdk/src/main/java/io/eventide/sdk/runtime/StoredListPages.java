package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The stored elements of one list, read a page at a time as they are iterated ({@link
 * StoredCollections#listPage}), so a list too long for memory can be walked.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as the handler call that iterates it.
 */
final class StoredListPages implements Iterator<byte[]> {
  private final StoredCollections stored;
  private final Address address;
  private final String name;
  private Iterator<byte[]> page = List.<byte[]>of().iterator();
  private byte[] next;
  private boolean last;

  StoredListPages(StoredCollections stored, Address address, String name) {
    this.stored = stored;
    this.address = address;
    this.name = name;
  }

  @Override
  public boolean hasNext() {
    while (!page.hasNext() && !last) {
      StoredCollections.ListPage read = stored.listPage(address, name, next);
      page = read.elements().iterator();
      next = read.next();
      last = next == null;
    }
    return page.hasNext();
  }

  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.next();
  }
}
