package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventide.store.StoreException.Code;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Conflicts, fences, limits and durability. Part of {@link StoreConformanceSuite}. */
public abstract class ConsistencyConformance extends BasicOpsConformance {

  @Test
  public void aReadKeyWrittenByALaterCommitAborts() {
    write(key("x"), bytes("0"));
    try (Transaction reader = store.begin()) {
      reader.get(key("x"));
      write(key("x"), bytes("1"));
      reader.set(key("y"), bytes("derived"));
      assertThat(commitFailure(reader)).isEqualTo(Code.CONFLICT);
    }
    assertThat(read(key("y"))).isNull();
  }

  @Test
  public void keysReadWithGetManyConflictAsPointReads() {
    write(key("many", "a"), bytes("0"));
    try (Transaction reader = store.begin()) {
      reader.getMany(List.of(key("many", "a"), key("many", "absent")));
      write(key("many", "a", "after"), bytes("a key after a read key: no conflict"));
      write(key("many", "absent", "after"), bytes("nor after an absent one"));
      reader.set(key("many", "y"), bytes("derived"));
      commit(reader);
    }
    try (Transaction reader = store.begin()) {
      reader.getMany(List.of(key("many", "a"), key("many", "absent")));
      write(key("many", "absent"), bytes("now present"));
      reader.set(key("many", "z"), bytes("derived"));
      assertThat(commitFailure(reader)).isEqualTo(Code.CONFLICT);
    }
    assertThat(read(key("many", "z"))).isNull();
  }

  @Test
  public void blindWritesDoNotConflict() {
    try (Transaction first = store.begin()) {
      first.set(key("blind"), bytes("first"));
      write(key("blind"), bytes("second"));
      commit(first);
    }
    assertThat(string(read(key("blind")))).isEqualTo("first");
  }

  @Test
  public void snapshotReadsDoNotConflict() {
    write(key("s"), bytes("0"));
    try (Transaction tx = store.begin()) {
      assertThat(string(tx.snapshot().get(key("s")))).isEqualTo("0");
      tx.snapshot().getPrefix(key(), 0);
      write(key("s"), bytes("1"));
      tx.set(key("t"), bytes("ok"));
      commit(tx);
    }
    assertThat(string(read(key("t")))).isEqualTo("ok");
  }

  @Test
  public void rangeReadsConflictOnlyWithinWhatTheySaw() {
    for (int i = 0; i < 5; i++) {
      write(key("q", i), bytes("v" + i));
    }
    try (Transaction limited = store.begin()) {
      assertThat(limited.getPrefix(key("q"), 2)).hasSize(2);
      write(key("q", 9), bytes("appended")); // after the last key read
      limited.set(key("limited"), bytes("ok"));
      commit(limited);
    }
    try (Transaction full = store.begin()) {
      full.getPrefix(key("q"), 0);
      write(key("q", 3, "inserted"), bytes("x"));
      full.set(key("full"), bytes("no"));
      assertThat(commitFailure(full)).isEqualTo(Code.CONFLICT);
    }
  }

  @Test
  public void explicitReadConflictRangesAndClearedRangesConflict() {
    try (Transaction tx = store.begin()) {
      tx.addReadConflictRange(key("e", 0), key("e", 10));
      try (Transaction other = store.begin()) {
        other.clearRange(key("e", 5), key("e", 6));
        commit(other);
      }
      tx.set(key("f"), bytes("x"));
      assertThat(commitFailure(tx)).isEqualTo(Code.CONFLICT);
    }
  }

  @Test
  public void fencesPassWhileTheValueHoldsAndFailAfterwards() {
    write(key("lease"), bytes("epoch-1"));
    try (Transaction tx = store.begin()) {
      tx.requireValue(key("lease"), bytes("epoch-1"));
      tx.requireValue(key("absent"), null);
      tx.set(key("work"), bytes("done"));
      commit(tx);
    }
    try (Transaction stale = store.begin()) {
      stale.requireValue(key("lease"), bytes("epoch-1"));
      stale.set(key("work"), bytes("stale"));
      write(key("lease"), bytes("epoch-2"));
      assertThat(commitFailure(stale)).isEqualTo(Code.FENCED);
    }
    assertThat(string(read(key("work")))).isEqualTo("done");
  }

  @Test
  public void keyValueAndTransactionSizeLimitsFailAtTheWriteCall() {
    try (Transaction tx = store.begin()) {
      assertCode(() -> tx.set(new byte[Limits.MAX_KEY_BYTES + 1], bytes("v")), Code.TOO_LARGE);
      assertCode(() -> tx.set(key("big"), new byte[Limits.MAX_VALUE_BYTES + 1]), Code.TOO_LARGE);
      tx.set(key("max"), new byte[Limits.MAX_VALUE_BYTES]);
      byte[] value = new byte[Limits.MAX_VALUE_BYTES];
      StoreException failure = null;
      for (int i = 0; i < 200 && failure == null; i++) {
        long before = tx.approximateSize();
        try {
          tx.set(key("fill", i), value);
        } catch (StoreException e) {
          failure = e;
          assertThat(tx.approximateSize()).isEqualTo(before);
        }
      }
      assertThat(failure).isNotNull().extracting(StoreException::code).isEqualTo(Code.TOO_LARGE);
      assertThat(tx.approximateSize())
          .isBetween(
              (long) Limits.MAX_TRANSACTION_BYTES - 2 * Limits.MAX_VALUE_BYTES,
              (long) Limits.MAX_TRANSACTION_BYTES);
      commit(tx);
    }
    assertThat(read(key("max"))).hasSize(Limits.MAX_VALUE_BYTES);
  }

  @Test
  public void transactionsOlderThanTheAgeLimitFailTooOld() {
    AtomicLong now = new AtomicLong(1_000_000);
    Store timed = openStoreWithClock(dir.resolve("clocked"), now::get);
    assumeTrue(timed != null, "backend offers no controllable clock");
    try (timed;
        Transaction tx = timed.begin()) {
      tx.set(key("late"), bytes("x"));
      now.addAndGet(Limits.MAX_TRANSACTION_MILLIS + 1);
      assertThat(commitFailure(tx)).isEqualTo(Code.TOO_OLD);
    }
  }

  @Test
  public void committedDataAndVersionsSurviveReopen() {
    CommitResult last;
    try (Transaction tx = store.begin()) {
      tx.set(key("durable"), bytes("yes"));
      tx.setVersionstampedKey(key("log"), 0, new byte[0], bytes("entry"));
      last = commit(tx);
    }
    reopen();
    assertThat(string(read(key("durable")))).isEqualTo("yes");
    try (Transaction tx = store.begin()) {
      assertThat(tx.readVersion()).isGreaterThanOrEqualTo(last.version());
      assertThat(tx.getPrefix(key("log"), 0)).hasSize(1);
      tx.set(key("after"), bytes("reopen"));
      assertThat(commit(tx).version()).isGreaterThan(last.version());
    }
  }

  @Test
  public void aClosedStoreIsUnavailable() {
    Transaction open = store.begin();
    open.set(key("k"), bytes("v"));
    store.close();
    assertThat(commitFailure(open)).isEqualTo(Code.UNAVAILABLE);
    assertCode(store::begin, Code.UNAVAILABLE);
    open.close();
    store = openStore(dir);
  }

  protected static void assertCode(Runnable action, Code code) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
