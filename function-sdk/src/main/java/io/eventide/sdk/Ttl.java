package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * The time to live of a state spec: how long a value, a map entry or a list element stays after it
 * was last written (or, with {@code onAccess}, last read or written), in processing time. Shared by
 * {@link ValueSpec}, {@link MapSpec} and {@link ListSpec}; see docs/decisions/state-ttl.md.
 */
record Ttl(Duration duration, boolean onAccess) {
  Ttl {
    Objects.requireNonNull(duration, "ttl");
    if (duration.isNegative() || duration.toMillis() < 1) {
      throw new IllegalArgumentException("a TTL must be at least 1 ms, was " + duration);
    }
  }
}
