package io.eventide.store.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Helpers of the remote backend's focused tests. */
final class RemoteAssertions {
  /** Far beyond any deadline in these tests: an outcome later than this is a hang. */
  static final Duration NO_HANG = Duration.ofSeconds(15);

  private RemoteAssertions() {}

  static byte[] key(String name) {
    return Tuple.from("remote-test", name).pack();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The store failure a future completes with, well before {@link #NO_HANG}. */
  static StoreException failure(CompletableFuture<?> future) {
    try {
      Object result = future.get(NO_HANG.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      StoreException cause = StoreException.unwrap(e);
      assertThat(cause).as("a StoreException behind %s", e.getCause()).isNotNull();
      return cause;
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within " + NO_HANG, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static Code failureCode(CompletableFuture<?> future) {
    return failure(future).code();
  }

  static void assertCode(ThrowingCallable call, Code code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
