package io.eventide.store.remote;

/** Message sizes on the wire, shared by client and server. */
final class WireLimits {
  /**
   * Writes travel, and range reads return, in pieces of about this size, so that a 10 MB
   * transaction or an unlimited range never needs one huge message.
   */
  static final int BATCH_BYTES = 1 << 20;

  /**
   * The largest message either side accepts: a batch plus its last operation. Only a single
   * operation beyond the store's own key and value limits (a giant fence value) could exceed it.
   */
  static final int MAX_MESSAGE_BYTES = 16 << 20;

  private WireLimits() {}
}
