package io.eventide.sdk.runtime;

import java.util.Iterator;

/**
 * What the state views of a handler call ({@link MapView}, {@link ListView}) need of it: to refuse
 * use after the call returned, to count what the call writes against its limits, and its lists,
 * maps and raw values, and its processing time.
 */
interface CallAccess {
  /** Throws IllegalStateException once the call returned. */
  void checkOpen();

  /**
   * {@code bytes}, once counted against the limits of one message and of one call's output; throws
   * {@link io.eventide.sdk.TooLargeException} past them.
   */
  byte[] output(String what, byte[] bytes);

  /**
   * Every element of list {@code name}: stored, kept and this call's; the stored ones read a page
   * at a time as iterated, the call's changes as they are now.
   */
  Iterator<byte[]> iterateElements(String name);

  void appendElement(String name, byte[] element);

  void clearElements(String name);

  /** The call's processing time, epoch ms: what TTLs are measured against. */
  long currentProcessingTime();

  /** The value stored under {@code name} as the call sees it, or null; any name. */
  byte[] storedValue(String name);

  /** Sets (null: removes) the value stored under {@code name}, kept if the call returns. */
  void stageValue(String name, byte[] value);

  /** The maps of the call's scope. */
  ScopeMaps maps();
}
