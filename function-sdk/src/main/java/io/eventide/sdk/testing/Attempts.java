package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TooLargeException;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.sdk.runtime.registry.ModuleRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * Runs one handler call the way the platform does: a fresh {@link HandlerScope} over the persisted
 * state for each attempt, so that a failed attempt leaves nothing behind, at most {@code
 * maxAttempts} attempts, each within the handler timeout ({@link HandlerThread}).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; each call runs on the caller's thread.
 */
final class Attempts {
  /** What one handler call does, given its scope and a fresh function instance. */
  @FunctionalInterface
  interface Call {
    void run(HandlerScope scope, StatefulFunction function) throws Exception;
  }

  /**
   * The kept scope of the successful attempt, or the last failure (exactly one is set), and how
   * many attempts it took.
   */
  record Outcome(HandlerScope scope, Exception failure, int attempts) {}

  private Attempts() {}

  /** Runs {@code call} at the driver's processing time {@code now}. */
  static Outcome invoke(
      ModuleRegistry.Registered registration,
      Address self,
      Map<String, byte[]> state,
      StoredCollections lists,
      int maxAttempts,
      long now,
      HandlerThread thread,
      Duration defaultTimeout,
      Call call) {
    Duration timeout = registration.handlerTimeout().orElse(defaultTimeout);
    Exception last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      HandlerScope scope = new HandlerScope(self, registration.state(), state, () -> now, lists);
      try {
        // A fresh instance per call: a function that keeps per-address data in fields fails its
        // tests rather than production, where instances are shared between addresses.
        thread.run(
            () -> {
              call.run(scope, registration.newInstance());
              return null;
            },
            registration.type().toString(),
            timeout);
        return new Outcome(scope, null, attempt);
      } catch (TooLargeException e) {
        return new Outcome(
            null, e, attempt); // another attempt would write the same, as on the platform
      } catch (Exception e) {
        last = e;
      }
    }
    return new Outcome(null, last, maxAttempts);
  }
}
