package io.eventide.dispatcher.internal.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * One instance of each of the few distinct strings that many objects repeat (namespaces, types,
 * value names), so that a million cached addresses do not hold a million copies of each. Bounded:
 * past its capacity a string is returned as given, which costs memory, never correctness.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; each owner confines it to its thread.
 */
public final class SharedNames {
  private final int capacity;
  private final Map<String, String> shared = new HashMap<>();

  public SharedNames(int capacity) {
    this.capacity = capacity;
  }

  /** The shared instance equal to {@code name}. */
  public String of(String name) {
    String instance = shared.get(name);
    if (instance != null) {
      return instance;
    }
    if (shared.size() < capacity) {
      shared.put(name, name);
    }
    return name;
  }
}
