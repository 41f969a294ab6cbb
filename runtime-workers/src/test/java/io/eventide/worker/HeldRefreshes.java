package io.eventide.worker;

import static org.awaitility.Awaitility.await;

import io.eventide.sdk.TypeName;
import io.eventide.worker.api.RegisteredFunction;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** For tests that hold a look-up's refresh mid-way and watch who waits for it. */
final class HeldRefreshes {
  private HeldRefreshes() {}

  static RegisteredFunction function(String namespace, String type, String deployment) {
    return new RegisteredFunction(
        TypeName.of(namespace, type),
        () -> null,
        Map.of(),
        HeldRefreshes.class.getClassLoader(),
        deployment);
  }

  /** Waits for the test to release a refresh, for 30 s at most. */
  static void hold(CountDownLatch release) {
    try {
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the refresh");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code call} on a thread of its own, and returns once it is blocked on a monitor. */
  static Thread startBlocked(Runnable call) {
    Thread thread = new Thread(call, "invocation");
    thread.start();
    await("the call waiting for the refresh")
        .atMost(Duration.ofSeconds(10))
        .until(() -> thread.getState() == Thread.State.BLOCKED);
    return thread;
  }
}
