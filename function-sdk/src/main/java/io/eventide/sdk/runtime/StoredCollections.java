package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;
import java.util.List;
import java.util.Map;

/**
 * Where {@link HandlerScope} reads what a function instance keeps beside its values, lazily: the
 * stored elements of its lists (internal ones, {@link InternalState}, and users' {@link
 * io.eventide.sdk.ListSpec}s), read once per list and invocation at its first read; and the stored
 * entries of its maps ({@link io.eventide.sdk.MapSpec}), read entry by entry or page by page. The
 * store on a worker, the driver's memory in {@code FunctionTestDriver}.
 */
@FunctionalInterface
public interface StoredCollections {
  /** The stored elements of list {@code name} of {@code address}, in order. */
  List<byte[]> read(Address address, String name);

  /** The stored value under {@code key} in map {@code name} of {@code address}, or null. */
  default byte[] mapGet(Address address, String name, byte[] key) {
    return null;
  }

  /**
   * Up to {@code limit} stored entries of map {@code name} of {@code address} whose keys come after
   * {@code after} (null: from the first), in the unsigned order of the keys.
   */
  default List<Map.Entry<byte[], byte[]>> mapPage(
      Address address, String name, byte[] after, int limit) {
    return List.of();
  }

  /**
   * One page of the stored elements of list {@code name} of {@code address}: those of whole
   * segments from {@code from} (null: the first), and where the next page starts (null: there is
   * none). The default reads the whole list as the first page.
   */
  default ListPage listPage(Address address, String name, byte[] from) {
    return from == null ? new ListPage(read(address, name), null) : new ListPage(List.of(), null);
  }

  /** Some stored elements of a list, in order, and where the next page starts (null: the end). */
  record ListPage(List<byte[]> elements, byte[] next) {}

  /** Nothing stored: every list and map starts empty. */
  static StoredCollections none() {
    return (address, name) -> List.of();
  }
}
