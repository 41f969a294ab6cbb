package io.eventide.dispatcher.internal.egress;

import java.util.List;

/**
 * Where one configured egress's records go. One deliverer thread drives a sink; never concurrently.
 *
 * <h2>Thread safety</h2>
 *
 * Implementations are called by one thread at a time (the egress's deliverer) and need no locks.
 */
public interface Sink extends AutoCloseable {
  /**
   * Called before the first delivery after (re)start with what the store holds: the outbox offset
   * of the last record known delivered (-1 for none) and the sink's own state recorded with it.
   * Returns the offset of the last record the sink already has: past stored.offset() when an
   * earlier deliverer delivered records and died before the store recorded it.
   */
  long resume(Position stored) throws Exception;

  /**
   * Delivers records in order (ascending offsets, all after the last delivered); blocks until the
   * sink acknowledged them. A retryable failure throws: the deliverer retries the same records with
   * backoff.
   */
  Delivered deliver(List<OutboxRecord> records) throws Exception;

  @Override
  void close();

  /** What the store holds of a sink's progress. */
  record Position(long offset, byte[] sinkState) {}

  /**
   * offset: the last record now delivered; sinkState: recorded with it in the same store
   * transaction; rejected: records the sink refused for good (they go to dead-letters with the
   * error).
   */
  record Delivered(long offset, byte[] sinkState, List<Rejected> rejected) {}

  /** A record the sink refused for good, and why. */
  record Rejected(OutboxRecord record, String error) {}
}
