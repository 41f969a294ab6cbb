package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.fdb.UnknownOutcomeStore.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FdbRunner} against a real store (the embedded backend, which runs here) whose commits are
 * made to end in {@code COMMIT_UNKNOWN}: each logical commit must be applied exactly once.
 */
class FdbRunnerTest {
  private static final byte[] COUNTER = Tuple.from("counter").pack();
  private static final byte[] IDS = Tuple.from("ids").pack();

  @TempDir Path dir;
  private final AtomicLong wallClock = new AtomicLong(1_000_000);
  private final AtomicInteger bodyRuns = new AtomicInteger();
  private UnknownOutcomeStore store;
  private FdbRunner runner;

  @BeforeEach
  void open() {
    store = new UnknownOutcomeStore(Stores.rocksdb(dir));
    FdbRunnerOptions options =
        new FdbRunnerOptions(
            new TransactionRunner.Config(
                100,
                Duration.ofMillis(1),
                2.0,
                0.5,
                Duration.ofMillis(20),
                true,
                Duration.ofSeconds(10)),
            IDS,
            Duration.ofHours(1),
            Duration.ZERO,
            wallClock::get);
    runner = new FdbRunner(store, options);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  @Test
  void anAppliedCommitReportedUnknownIsNotAppliedAgain() throws Exception {
    store.failNext(Fault.APPLIED);

    assertThat(runner.runAsync(this::increment).get(10, TimeUnit.SECONDS)).isEqualTo("run 1");

    assertThat(counter()).isEqualTo(1);
    assertThat(bodyRuns).hasValue(1);
  }

  @Test
  void aLostCommitReportedUnknownIsAppliedByTheRetry() {
    store.failNext(Fault.LOST, Fault.LOST);

    assertThat(runner.run(this::increment)).isEqualTo("run 3");

    assertThat(counter()).isEqualTo(1);
  }

  @Test
  void anEarlierAttemptLandingAfterALaterOneFailsInsteadOfApplyingTwice() throws Exception {
    byte[] blind = Tuple.from("blind-adds").pack();
    store.failNext(Fault.HELD);
    // Blind writes only: nothing but the commit id can make the two attempts conflict.
    runner.run(
        tx -> {
          tx.add(blind, 1);
          return null;
        }); // attempt 1 held in flight, attempt 2 applied

    assertThatThrownBy(() -> store.sendHeld().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StoreException.class)
        .cause()
        .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(Code.CONFLICT));
    try (Transaction tx = store.begin()) {
      assertThat(tx.get(blind)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  @Test
  void aReadOnlyBodyStillCommitsItsIdSoAnUnknownOutcomeIsDecided() {
    // Attempt 1 applied but reported unknown; attempt 2 finds its id and commits nothing (and
    // that read-only commit, reported unknown too, is decided again the same way by attempt 3).
    store.failNext(Fault.APPLIED, Fault.LOST);
    assertThat(runner.run(this::readCounter)).isEqualTo("read 1");
    assertThat(bodyRuns).hasValue(1);
    assertThat(ids()).hasSize(1);

    // Attempt 1 lost: attempt 2 finds no id, reads again and records its own.
    store.failNext(Fault.LOST);
    assertThat(runner.run(this::readCounter)).isEqualTo("read 3");
    assertThat(ids()).hasSize(2);
  }

  @Test
  void aVersionstampedAppendIsAppliedOnceWhateverTheOutcomes() throws Exception {
    byte[] queue = Tuple.from("queue").pack();
    store.failNext(Fault.APPLIED);
    runner.run(tx -> append(tx, queue, "first"));
    store.failNext(Fault.HELD);
    runner.run(tx -> append(tx, queue, "second")); // attempt 1 held, attempt 2 applied

    // Blind appends never conflict with each other: only the commit id stops the late attempt.
    assertThatThrownBy(() -> store.sendHeld().get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.CONFLICT));
    try (Transaction tx = store.begin()) {
      assertThat(tx.getPrefix(queue, 0))
          .extracting(kv -> new String(kv.value(), java.nio.charset.StandardCharsets.UTF_8))
          .containsExactly("first", "second");
    }
  }

  @Test
  void concurrentRunsWithConflictsAndUnknownOutcomesCountExactly() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      store.failNext(
          random.nextBoolean() ? Fault.APPLIED : Fault.LOST); // HELD needs the test to send it
    }
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            callers.submit(() -> IntStream.range(0, 25).forEach(i -> runner.run(this::increment))));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(counter()).isEqualTo(100);
    assertThat(bodyRuns.get()).isGreaterThan(100); // conflicts and lost commits ran bodies again
  }

  @Test
  void fencesAndBodyFailuresAreNotRetried() {
    assertThatThrownBy(
            () ->
                runner.run(
                    tx -> {
                      bodyRuns.incrementAndGet();
                      tx.requireValue(Tuple.from("lease").pack(), new byte[] {1});
                      return null;
                    }))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.FENCED));
    assertThatThrownBy(
            () ->
                runner.run(
                    tx -> {
                      bodyRuns.incrementAndGet();
                      throw new IllegalStateException("bug in body");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(bodyRuns).hasValue(2);
  }

  @Test
  void theSweepClearsExpiredIdsOnly() {
    runner.run(this::increment);
    wallClock.addAndGet(Duration.ofMinutes(59).toMillis());
    runner.run(this::increment);
    assertThat(ids()).hasSize(2);

    wallClock.addAndGet(Duration.ofMinutes(2).toMillis()); // the first is 61 minutes old
    runner.sweepExpiredIds();

    List<KeyValue> left = ids();
    assertThat(left).hasSize(1);
    Tuple id =
        Tuple.fromBytes(left.get(0).key(), IDS.length, left.get(0).key().length - IDS.length);
    assertThat(id.getLong(0)).isEqualTo(1_000_000 + Duration.ofMinutes(59).toMillis());
  }

  @Test
  void retentionShorterThanTwiceTheLongestRunIsRefused() {
    TransactionRunner.Config retry = TransactionRunner.Config.defaults();
    assertThatThrownBy(
            () ->
                new FdbRunnerOptions(
                    retry, IDS, Duration.ofMinutes(1), Duration.ZERO, System::currentTimeMillis))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idRetention PT1M must be at least twice the longest run");
  }

  private String increment(Transaction tx) {
    int run = bodyRuns.incrementAndGet();
    byte[] current = tx.get(COUNTER); // a read, so that concurrent runs conflict
    long next = (current == null ? 0 : Tuple.fromBytes(current).getLong(0)) + 1;
    tx.set(COUNTER, Tuple.from(next).pack());
    return "run " + run;
  }

  private String readCounter(Transaction tx) {
    tx.get(COUNTER);
    return "read " + bodyRuns.incrementAndGet();
  }

  private static Void append(Transaction tx, byte[] queue, String value) {
    tx.setVersionstampedKey(
        queue, 0, new byte[0], value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return null;
  }

  private long counter() {
    try (Transaction tx = store.begin()) {
      byte[] value = tx.get(COUNTER);
      return value == null ? 0 : Tuple.fromBytes(value).getLong(0);
    }
  }

  private List<KeyValue> ids() {
    try (Transaction tx = store.begin()) {
      return tx.getRange(IDS, Keys.strinc(IDS), 0, false);
    }
  }
}
