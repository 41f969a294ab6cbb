package io.eventide.sdk;

import java.util.List;

/**
 * A list in a function instance's state ({@link Storage#list}). Adding elements writes those
 * elements only, committed with the rest of the handler's effects; reads see them at once. The
 * stored elements are read a page at a time as {@link #get} is iterated, so a list too long for
 * memory can be walked.
 *
 * <pre>{@code
 * ListState<String> events = context.storage().list(EVENTS);
 * events.add(message.as(Types.STRING));
 * int count = 0;
 * for (String event : events.get()) {
 *   count++;
 * }
 * }</pre>
 *
 * <p>Each element counts, encoded, against {@link Limits#MAX_MESSAGE_BYTES}, and what one handler
 * call adds counts against {@link Limits#MAX_CALL_OUTPUT_BYTES}.
 *
 * @param <T> the element type
 */
public interface ListState<T> {
  /** Every element, in the order added. */
  Iterable<T> get();

  /** Appends {@code value}. */
  void add(T value);

  /** Appends {@code values}, in order. */
  void addAll(List<T> values);

  /** Replaces the list's elements with {@code values}. */
  void update(List<T> values);

  /** Removes every element. */
  void clear();
}
