package io.eventide.dispatcher.internal.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.internal.dedup.DedupRecords.Scope;
import io.eventide.protocol.DedupExpiryList;
import io.eventide.protocol.DedupRecord;
import io.eventide.protocol.Payload;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dedup records on the real embedded store: claims, outcomes, and their expiry. */
class DedupRecordsIT {
  static final Scope A = new Scope("rest", "t", "counter", "a");
  static final Scope B = new Scope("rest", "t", "counter", "b");

  @TempDir Path dir;
  Store store;
  TransactionRunner runner;
  final Keyspace keyspace = new Keyspace("test");
  final DedupRecords records = new DedupRecords(keyspace);

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  static byte[] fingerprint(int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) seed);
    return bytes;
  }

  DedupRecord claim(Scope scope, String key, String messageId, int fingerprint, long now) {
    return runner.run(
        tx -> records.claim(tx, scope, key, messageId, fingerprint(fingerprint), now));
  }

  int expire(long cutoff) {
    return expire(cutoff, 100);
  }

  int expire(long cutoff, int limit) {
    return runner.run(tx -> records.expire(tx, cutoff, limit));
  }

  void assertNothingLeft() {
    try (Transaction tx = store.begin()) {
      byte[] root = keyspace.root();
      assertThat(tx.snapshot().getRange(root, Keyspace.end(root), 0, false))
          .as("nothing left")
          .isEmpty();
    }
  }

  DedupRecord read(Scope scope, String key) {
    try (Transaction tx = store.begin()) {
      return records.read(tx.snapshot(), scope, key);
    }
  }

  @Test
  void aClaimFindsTheEarlierClaimOfItsScopeAndAReadAddsTheOutcome() {
    assertThat(claim(A, "K", "m1", 1, 1_000)).isNull();
    assertThat(claim(B, "K", "m2", 2, 1_000)).as("another target").isNull();
    runner.run(
        tx -> {
          records.replied(
              tx,
              A,
              "K",
              Payload.newBuilder().setData(ByteString.copyFromUtf8("5")).build(),
              1_500);
          return null;
        });

    DedupRecord earlier = claim(A, "K", "m3", 1, 2_000);
    assertThat(earlier.getMessageId()).isEqualTo("m1");
    assertThat(earlier.getCreatedAt()).isEqualTo(1_000);
    DedupRecord read = read(A, "K");
    assertThat(read.getMessageId()).isEqualTo("m1");
    assertThat(read.getReplied()).isTrue();
    assertThat(read.getReply().getData().toStringUtf8()).isEqualTo("5");
    assertThat(DedupRecords.sameRequest(earlier, fingerprint(1))).isTrue();
    assertThat(DedupRecords.sameRequest(earlier, fingerprint(2))).isFalse();
    assertThat(read(B, "K").getReplied()).isFalse();
  }

  @Test
  void claimAllClaimsInOrderAsOneClaimAfterAnotherWould() {
    claim(A, "seen", "m0", 1, 1_000);
    DedupRecord[] earlier =
        runner.run(
            tx ->
                records.claimAll(
                    tx,
                    List.of(
                        new DedupRecords.Claim(A, "seen", "m1", fingerprint(1)),
                        new DedupRecords.Claim(A, "new", "m2", fingerprint(2)),
                        new DedupRecords.Claim(B, "new", "m3", fingerprint(3)),
                        new DedupRecords.Claim(A, "new", "m4", fingerprint(4))),
                    2_000));

    assertThat(earlier).hasSize(4);
    assertThat(earlier[0].getMessageId()).as("claimed by an earlier commit").isEqualTo("m0");
    assertThat(earlier[1]).as("claimed here").isNull();
    assertThat(earlier[2]).as("the same key for another target").isNull();
    assertThat(earlier[3].getMessageId()).as("claimed by the second claim").isEqualTo("m2");
    assertThat(DedupRecords.sameRequest(earlier[3], fingerprint(2))).isTrue();
    assertThat(read(A, "new").getCreatedAt()).isEqualTo(2_000);
    assertThat(read(B, "new").getMessageId()).isEqualTo("m3");
    assertThat(expire(3_000)).as("each claim indexed for expiry").isEqualTo(3);
  }

  @Test
  void expiryRemovesARecordWithItsOutcomeAndLeavesYoungerOnes() {
    claim(A, "K", "m1", 1, 1_000);
    runner.run(
        tx -> {
          records.failed(tx, A, "K", "boom", 5_000);
          return null;
        });
    claim(B, "K", "m2", 1, 3_000);

    assertThat(expire(2_000)).isEqualTo(1);
    assertThat(read(A, "K")).as("claim and outcome of a, together").isNull();
    assertThat(read(B, "K").getMessageId()).isEqualTo("m2");

    assertThat(expire(6_000)).isEqualTo(2);
    assertNothingLeft();
  }

  @Test
  void expiryPagesThroughTheIndex() {
    for (int i = 0; i < 5; i++) {
      claim(A, "k" + i, "m", 1, 1_000);
    }
    assertThat(new DedupExpiry(keyspace, runner, Duration.ofSeconds(1), () -> 2_001).sweep())
        .isEqualTo(5);
    assertThat(read(A, "k4")).isNull();
  }

  List<DedupRecords.Claim> claims(Scope scope, int count) {
    List<DedupRecords.Claim> claims = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      claims.add(
          new DedupRecords.Claim(scope, String.format("key-%05d", i), "m" + i, fingerprint(i)));
    }
    return claims;
  }

  List<KeyValue> expiryEntries() {
    try (Transaction tx = store.begin()) {
      byte[] prefix = keyspace.dedupExpiries();
      return tx.snapshot().getRange(prefix, Keyspace.end(prefix), 0, false);
    }
  }

  @Test
  void keysClaimedTogetherShareIndexEntriesOfAtMostAPartsBytes() throws Exception {
    // Every name as long: "key-NNNNN" in a scope whose id pads it to a size that divides badly.
    Scope wide = new Scope("orders", "t", "counter", "x".repeat(200));
    int name =
        keyspace.dedup("orders", "t", "counter", "x".repeat(200), "key-00000").length
            - keyspace.dedupRecords().length;
    int fit = DedupRecords.LIST_PART_BYTES / name;

    runner.run(tx -> records.claimAll(tx, claims(wide, fit), 1_000));
    assertThat(expiryEntries()).as("exactly a part's bytes of names").hasSize(1);
    runner.run(tx -> records.claimAll(tx, claims(B, 0), 1_000));
    assertThat(expiryEntries()).as("nothing claimed, nothing indexed").hasSize(1);

    Scope other = new Scope("orders", "t", "counter", "y".repeat(200));
    runner.run(tx -> records.claimAll(tx, claims(other, fit + 1), 2_000));
    List<KeyValue> entries = expiryEntries();
    assertThat(entries).as("one name past a part").hasSize(3);
    for (KeyValue entry : entries) {
      int bytes = 0;
      for (var record : DedupExpiryList.parseFrom(entry.value()).getRecordsList()) {
        bytes += record.size();
      }
      assertThat(bytes).isLessThanOrEqualTo(DedupRecords.LIST_PART_BYTES);
    }
    assertThat(read(other, "key-00000").getMessageId()).isEqualTo("m0");

    assertThat(expire(1_500)).as("the first list, whatever the page").isEqualTo(fit);
    assertThat(read(wide, String.format("key-%05d", fit - 1))).isNull();
    assertThat(read(other, String.format("key-%05d", fit))).as("younger").isNotNull();
    assertThat(expire(3_000, fit))
        .as("a page ends before an entry that would take it past its limit")
        .isEqualTo(fit);
    assertThat(expire(3_000, fit)).isEqualTo(1);
    assertThat(expire(3_000, fit)).isZero();
    assertNothingLeft();
  }

  @Test
  void expiryOfAListLeavesTheRecordsOfKeysThatExtendItsKeys() {
    runner.run(
        tx ->
            records.claimAll(
                tx, List.of(new DedupRecords.Claim(A, "K", "m1", fingerprint(1))), 1_000));
    runner.run(
        tx ->
            records.claimAll(
                tx,
                List.of(
                    new DedupRecords.Claim(A, "K\u0000", "m2", fingerprint(2)),
                    new DedupRecords.Claim(A, "KK", "m3", fingerprint(3))),
                5_000));

    assertThat(expire(2_000)).isEqualTo(1);
    assertThat(read(A, "K")).isNull();
    assertThat(read(A, "K\u0000").getMessageId()).isEqualTo("m2");
    assertThat(read(A, "KK").getMessageId()).isEqualTo("m3");
  }

  @Test
  void anUnreadableListIsDroppedAndTheSweepGoesOn() {
    runner.run(
        tx -> {
          tx.set(keyspace.dedupExpiryList(1_000, new byte[] {1, 2}, 0), new byte[] {(byte) 0xff});
          return null;
        });
    claim(A, "K", "m1", 1, 1_500);

    assertThat(new DedupExpiry(keyspace, runner, Duration.ofSeconds(1), () -> 3_000).sweep())
        .isEqualTo(2);
    assertThat(read(A, "K")).isNull();
    assertThat(expiryEntries()).isEmpty();
  }

  @Test
  void aRecordFromBeforeScopingExpiresAloneEvenWhenItsKeyNamesASource() {
    byte[] root = keyspace.root();
    runner.run(
        tx -> {
          tx.set(
              Keyspace.extend(root, "dedup", "rest"),
              DedupRecord.newBuilder().setMessageId("legacy").build().toByteArray());
          tx.set(Keyspace.extend(root, "dedup-expiry", 1_000L, "rest"), new byte[0]);
          return null;
        });
    claim(A, "K", "m1", 1, 5_000);

    assertThat(expire(2_000)).isEqualTo(1);
    try (Transaction tx = store.begin()) {
      assertThat(tx.snapshot().get(Keyspace.extend(root, "dedup", "rest"))).isNull();
    }
    assertThat(read(A, "K").getMessageId())
        .as("the scoped records of source 'rest' stay")
        .isEqualTo("m1");
  }
}
