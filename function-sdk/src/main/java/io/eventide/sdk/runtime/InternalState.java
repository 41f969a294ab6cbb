package io.eventide.sdk.runtime;

import io.eventide.sdk.Context;
import java.util.List;

/**
 * State the platform's own functions (the window operator) keep beside a function's declared
 * values, under names users cannot declare ({@link #PREFIX}): values, and lists that grow by
 * appending. A list is stored as the segments its invocations appended, so an append writes the new
 * elements only, never the list; it is read (from the store, on the worker) only when read here.
 * Appends and clears follow the rules of other effects: kept when the call returns, dropped when it
 * throws.
 *
 * <pre>{@code
 * InternalState state = InternalState.of(context);
 * state.append("$w/3", encoded);
 * List<byte[]> all = state.list("$w/3");
 * }</pre>
 */
public interface InternalState {
  /** Every internal name starts with this, which no {@code ValueSpec} name can. */
  String PREFIX = "$";

  /** The value {@code name}, or null. */
  byte[] value(String name);

  void setValue(String name, byte[] value);

  void removeValue(String name);

  /** Every element of list {@code name}, in the order appended. */
  List<byte[]> list(String name);

  /** Appends {@code element} to list {@code name}. */
  void append(String name, byte[] element);

  /** Empties list {@code name}. */
  void clearList(String name);

  /** The internal state of a handler call's context. */
  static InternalState of(Context context) {
    if (context instanceof InternalState state) {
      return state;
    }
    throw new IllegalStateException(
        "the platform's internal state is not available from " + context.getClass());
  }
}
