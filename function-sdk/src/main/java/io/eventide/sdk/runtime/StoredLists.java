package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;
import java.util.List;

/**
 * Where {@link HandlerScope} reads the stored elements of an internal list ({@link InternalState}):
 * the store on a worker, the driver's memory in {@code FunctionTestDriver}. Read once per list and
 * invocation, at its first read.
 */
@FunctionalInterface
public interface StoredLists {
  /** The stored elements of list {@code name} of {@code address}, in order. */
  List<byte[]> read(Address address, String name);

  /** No stored lists: every list starts empty. */
  static StoredLists none() {
    return (address, name) -> List.of();
  }
}
