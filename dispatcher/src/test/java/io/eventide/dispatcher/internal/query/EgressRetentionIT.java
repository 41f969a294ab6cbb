package io.eventide.dispatcher.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.protocol.OutboxRecord;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log egress retention on the real embedded store, on a manual clock: records older than the
 * retention go in every egress, younger ones stay, and a reader asking for a trimmed offset is told
 * where the egress now starts.
 */
class EgressRetentionIT {
  static final Duration RETENTION = Duration.ofSeconds(10);

  @TempDir Path dir;
  Store store;
  TransactionRunner runner;
  final Keyspace keyspace = new Keyspace("test");
  final AtomicLong clock = new AtomicLong(1_000);
  EgressRetention retention;
  StoreReads reads;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
    retention = new EgressRetention(keyspace, runner, RETENTION, clock::get);
    reads = new StoreReads(store, keyspace);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  void write(String egress, String... payloads) {
    runner.run(
        tx -> {
          for (int u = 0; u < payloads.length; u++) {
            tx.setVersionstampedKey(
                keyspace.outbox(egress),
                u,
                new byte[0],
                OutboxRecord.newBuilder()
                    .setPayload(
                        Payload.newBuilder()
                            .setData(com.google.protobuf.ByteString.copyFromUtf8(payloads[u])))
                    .build()
                    .toByteArray());
          }
          return null;
        });
  }

  static List<String> payloads(EgressPage page) {
    return page.records().stream()
        .map(r -> new String(r.payload(), StandardCharsets.UTF_8))
        .toList();
  }

  int marks() {
    try (Transaction tx = store.begin()) {
      return tx.snapshot().getPrefix(keyspace.outboxMarks(), 0).size();
    }
  }

  @Test
  void recordsPastTheRetentionAreTrimmedAndAReaderIsToldOfTheGap() {
    write("log", "old-0", "old-1");
    write("dead-letters", "letter");
    long oldOffset = reads.egress("log", 0, 10).records().get(0).offset();
    assertThat(retention.sweep()).as("the first mark: nothing is known to be old yet").isZero();

    clock.set(5_000);
    write("log", "new-0", "new-1");
    assertThat(retention.sweep()).isZero();
    assertThat(reads.egress("log", 0, 10).trimmed()).isFalse();

    clock.set(11_001); // the mark of 1,000 is past the retention: what it covers goes
    assertThat(retention.sweep()).isEqualTo(2);
    EgressPage fromStart = reads.egress("log", 0, 10);
    assertThat(payloads(fromStart)).containsExactly("new-0", "new-1");
    assertThat(fromStart.trimmed()).isTrue();
    assertThat(fromStart.firstOffset()).isEqualTo(fromStart.records().get(0).offset());
    assertThat(reads.egress("log", oldOffset + 1, 10).firstOffset())
        .isEqualTo(fromStart.firstOffset());
    EgressPage fromFirst = reads.egress("log", fromStart.firstOffset(), 10);
    assertThat(fromFirst.trimmed()).as("nothing trimmed from there on").isFalse();
    assertThat(payloads(fromFirst)).containsExactly("new-0", "new-1");

    EgressPage letters = reads.egress("dead-letters", 0, 10);
    assertThat(letters.records()).as("dead letters have the same retention").isEmpty();
    assertThat(letters.trimmed()).isTrue();
    assertThat(letters.firstOffset()).isEqualTo(letters.next());
    assertThat(reads.egress("dead-letters", letters.next(), 10).trimmed()).isFalse();
    assertThat(marks()).as("marks older than the one used are forgotten").isEqualTo(3);

    clock.set(15_001);
    assertThat(retention.sweep()).isEqualTo(1);
    EgressPage empty = reads.egress("log", fromFirst.next() - 1, 10);
    assertThat(empty.records()).isEmpty();
    assertThat(empty.trimmed()).isTrue();
    assertThat(empty.next()).isGreaterThan(fromFirst.next() - 1);
    write("log", "newest");
    EgressPage newest = reads.egress("log", empty.next(), 10);
    assertThat(newest.trimmed()).isFalse();
    assertThat(newest.records())
        .extracting(EgressRecord::offset)
        .allMatch(offset -> offset >= empty.next());
    assertThat(payloads(newest)).containsExactly("newest");
  }
}
