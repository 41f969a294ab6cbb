package io.eventide.dispatcher.api;

import java.util.Optional;

/**
 * The dead letters kept in the store: messages given up on after their last attempt, until they are
 * replayed ({@link Ingress#replayAsync}) or deleted. Listing is oldest first, by the time each was
 * given up on.
 *
 * <h2>Thread safety</h2>
 *
 * Implementations are thread-safe; methods read or write the store and may block briefly, so call
 * them off I/O threads.
 */
public interface DeadLetters {
  /** The page size when none is asked for. */
  int DEFAULT_LIMIT = 100;

  /** The largest page. */
  int MAX_LIMIT = 1000;

  /**
   * Up to {@code limit} dead letters after {@code from} (a page's {@code next} or a letter's
   * cursor; null for the oldest), of function type {@code type} ({@code namespace/type}; null for
   * all). Throws {@link DispatcherException} INVALID for a malformed cursor.
   */
  DeadLetterPage list(String type, String from, int limit);

  /** One dead letter with its payload. */
  Optional<DeadLetter> get(String messageId);

  /** Discards one dead letter; false when none of that id is kept. */
  boolean delete(String messageId);
}
