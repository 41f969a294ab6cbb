package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle and helpers of the store conformance suite. Backends extend {@link
 * StoreConformanceSuite}, not this class.
 */
public abstract class StoreConformanceBase {
  @TempDir protected Path dir;
  protected Store store;

  /** Opens the backend on {@code dir}; opening the same dir again must show what was committed. */
  protected abstract Store openStore(Path dir);

  /**
   * Opens the backend with a manual millisecond clock for the transaction age limit, or returns
   * null when the backend cannot take one (the age test is then skipped).
   */
  protected Store openStoreWithClock(Path dir, LongSupplier millisClock) {
    return null;
  }

  @BeforeEach
  public void openBackend() {
    store = openStore(dir);
  }

  @AfterEach
  public void closeBackend() {
    if (store != null) {
      store.close();
    }
  }

  /** Closes the store and opens it again on the same directory. */
  protected void reopen() {
    store.close();
    store = null;
    store = openStore(dir);
  }

  protected static byte[] key(Object... elements) {
    return Tuple.from("conformance").addAll(Tuple.from(elements)).pack();
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  protected static CommitResult commit(Transaction tx) {
    return await(tx.commitAsync());
  }

  protected static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      StoreException s = StoreException.unwrap(e);
      if (s != null) {
        throw s;
      }
      throw new AssertionError("failed", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no outcome within 30 s", e);
    }
  }

  /** The code a commit fails with; fails the test when it succeeds. */
  protected static StoreException.Code commitFailure(Transaction tx) {
    try {
      commit(tx);
    } catch (StoreException e) {
      return e.code();
    }
    throw new AssertionError("commit succeeded but should have failed");
  }

  protected void write(byte[] key, byte[] value) {
    try (Transaction tx = store.begin()) {
      tx.set(key, value);
      commit(tx);
    }
  }

  protected byte[] read(byte[] key) {
    try (Transaction tx = store.begin()) {
      return tx.get(key);
    }
  }

  protected static long littleEndian(byte[] value) {
    assertThat(value).hasSize(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (value[i] & 0xffL);
    }
    return v;
  }
}
