package io.eventide.dispatcher.api;

import java.util.List;
import java.util.Optional;

/**
 * Configured egresses, stored in the store: every gateway of a cluster serves them, and they
 * survive restarts. Log egresses need no configuration and are not listed.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; methods block on the store, so call them off I/O threads.
 */
public interface Egresses {
  /**
   * Stores {@code spec}; false when an egress of that name exists already (left as it is).
   *
   * @throws DispatcherException {@link DispatcherException.Code#INVALID} when the spec names a
   *     Kafka cluster that is not configured, or the sink refuses it
   */
  boolean create(EgressSpec spec);

  /** Every configured egress, by name. */
  List<EgressStatus> list();

  Optional<EgressStatus> get(String name);

  /** Removes the configuration and stops its delivery; false when there was none. */
  boolean delete(String name);
}
