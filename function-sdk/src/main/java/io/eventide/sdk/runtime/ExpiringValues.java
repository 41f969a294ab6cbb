package io.eventide.sdk.runtime;

import io.eventide.sdk.ValueSpec;

/**
 * Values of specs with a TTL ({@link Expiring}): stored under the TTL's name with a header, read as
 * absent once expired, renewed by a read if the spec says so. A value stored before the spec had a
 * TTL (or after it lost it) is taken over at its first read, so turning a TTL on or off keeps the
 * values there are.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the call passed in is not thread-safe.
 */
final class ExpiringValues {
  private ExpiringValues() {}

  /** The live payload of {@code spec}'s value, or null; renews it if reads do. */
  static byte[] get(CallAccess call, ValueSpec<?> spec) {
    String stored = spec.name() + Expiring.SUFFIX;
    long now = call.currentProcessingTime();
    byte[] bytes = call.storedValue(stored);
    if (bytes != null) {
      if (!Expiring.alive(bytes, now)) {
        return null;
      }
      byte[] payload = Expiring.payload(bytes);
      if (spec.ttlRenewedByReads()) {
        call.stageValue(stored, Expiring.wrap(deadline(call, spec), payload));
      }
      return payload;
    }
    // Written before the spec had a TTL: it has no write time, so its TTL starts now.
    byte[] plain = call.storedValue(spec.name());
    if (plain != null) {
      call.stageValue(stored, Expiring.wrap(deadline(call, spec), plain));
      call.stageValue(spec.name(), null);
    }
    return plain;
  }

  static void set(CallAccess call, ValueSpec<?> spec, byte[] payload) {
    call.stageValue(spec.name() + Expiring.SUFFIX, Expiring.wrap(deadline(call, spec), payload));
    if (call.storedValue(spec.name()) != null) {
      call.stageValue(spec.name(), null); // else a later remove would uncover it
    }
  }

  /**
   * The live payload of a value {@code name} stored while its spec had a TTL, moved to the plain
   * name now that it has none; null if there is none or it expired.
   */
  static byte[] fromTtl(CallAccess call, String name) {
    String stored = name + Expiring.SUFFIX;
    byte[] bytes = call.storedValue(stored);
    if (bytes == null || !Expiring.alive(bytes, call.currentProcessingTime())) {
      return null;
    }
    byte[] payload = Expiring.payload(bytes);
    call.stageValue(name, payload);
    call.stageValue(stored, null);
    return payload;
  }

  private static long deadline(CallAccess call, ValueSpec<?> spec) {
    return Expiring.deadline(call.currentProcessingTime(), spec.ttl().orElseThrow());
  }
}
