package io.eventide.store.rocksdb;

import static io.eventide.store.rocksdb.KeyFamilies.DATA;
import static io.eventide.store.rocksdb.KeyFamilies.INBOX;
import static io.eventide.store.rocksdb.KeyFamilies.MIXED;
import static io.eventide.store.rocksdb.KeyFamilies.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.Keys;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFamiliesTest {
  private static final Keyspace KEYSPACE = new Keyspace("standalone");

  @ParameterizedTest
  @ValueSource(strings = {"standalone", "", "a\u0000b", "ünïcode"})
  void inboxAndOutboxKeysOfAnyClusterHaveTheirFamilies(String cluster) {
    Keyspace keyspace = new Keyspace(cluster);
    assertThat(KeyFamilies.of(keyspace.inbox(7))).isEqualTo(INBOX);
    assertThat(KeyFamilies.of(Keys.concat(keyspace.inbox(7), Tuple.from(1L).pack())))
        .isEqualTo(INBOX);
    assertThat(KeyFamilies.of(keyspace.outbox("counts"))).isEqualTo(OUTBOX);
    assertThat(KeyFamilies.of(Keys.concat(keyspace.outbox("counts"), Tuple.from(9L).pack())))
        .isEqualTo(OUTBOX);
  }

  @Test
  void kindsThatOnlyBeginLikeTheQueuesAreData() {
    assertThat(KeyFamilies.of(KEYSPACE.inboxSignal(7, 0))).isEqualTo(DATA);
    assertThat(KeyFamilies.of(KEYSPACE.outboxTrimmed("counts"))).isEqualTo(DATA);
    assertThat(KeyFamilies.of(KEYSPACE.outboxMark(5))).isEqualTo(DATA);
    assertThat(KeyFamilies.of(KEYSPACE.state("ns", "t", "inbox", "outbox"))).isEqualTo(DATA);
    assertThat(KeyFamilies.of(Tuple.from("eventide", "c", "inboxes").pack())).isEqualTo(DATA);
    assertThat(KeyFamilies.of(Tuple.from("eventide", "c", "inbo").pack())).isEqualTo(DATA);
  }

  @Test
  void keysOutsideTheKeyspaceAreData() {
    assertThat(KeyFamilies.of(new byte[0])).isEqualTo(DATA);
    assertThat(KeyFamilies.of("inbox".getBytes(StandardCharsets.UTF_8))).isEqualTo(DATA);
    assertThat(KeyFamilies.of(Tuple.from("other", "c", "inbox").pack())).isEqualTo(DATA);
    assertThat(KeyFamilies.of(Tuple.from("eventide", 1L, "inbox").pack())).isEqualTo(DATA);
    assertThat(KeyFamilies.of(Tuple.from("eventide", "c", 5L).pack())).isEqualTo(DATA);
    byte[] root = KEYSPACE.root();
    assertThat(KeyFamilies.of(root)).isEqualTo(DATA);
    // A cluster element without its terminator: cut short.
    assertThat(KeyFamilies.of(java.util.Arrays.copyOf(root, root.length - 1))).isEqualTo(DATA);
  }

  @Test
  void aRangeInsideOneKindHasItsFamily() {
    byte[] group = KEYSPACE.inbox(7);
    assertThat(KeyFamilies.ofRange(group, Keys.strinc(group))).isEqualTo(INBOX);
    byte[] outbox = KEYSPACE.outbox("counts");
    assertThat(KeyFamilies.ofRange(Keys.keyAfter(outbox), Keys.strinc(outbox))).isEqualTo(OUTBOX);
    byte[] state = KEYSPACE.stateOf("ns", "t", "id");
    assertThat(KeyFamilies.ofRange(state, Keys.strinc(state))).isEqualTo(DATA);
  }

  @Test
  void aRangeReachingExactlyToTheEndOfItsKindStaysInIt() {
    byte[] kind = Tuple.from("eventide", "standalone", "inbox").pack();
    byte[] kindEnd = Keys.strinc(kind);
    assertThat(KeyFamilies.ofRange(KEYSPACE.inbox(7), kindEnd)).isEqualTo(INBOX);
    assertThat(KeyFamilies.ofRange(KEYSPACE.inbox(7), Keys.keyAfter(kindEnd))).isEqualTo(MIXED);
    assertThat(KeyFamilies.ofRange(KEYSPACE.inbox(7), KEYSPACE.inboxSignal(0, 0))).isEqualTo(MIXED);
    assertThat(KeyFamilies.ofRange(KEYSPACE.inbox(7), Keys.concat(kind, new byte[] {(byte) 0xFF})))
        .isEqualTo(INBOX);
  }

  @Test
  void aRangeAcrossKindsIsMixedAndOneOutsideTheKeyspaceIsData() {
    byte[] root = KEYSPACE.root();
    assertThat(KeyFamilies.ofRange(root, Keys.strinc(root))).isEqualTo(MIXED);
    assertThat(KeyFamilies.ofRange(new byte[] {0}, new byte[] {(byte) 0xFF})).isEqualTo(MIXED);
    assertThat(KeyFamilies.ofRange(KEYSPACE.stateOf("ns", "t", "id"), Keys.strinc(root)))
        .isEqualTo(MIXED);
    assertThat(KeyFamilies.ofRange(new byte[] {0}, new byte[] {1})).isEqualTo(DATA);
    assertThat(KeyFamilies.ofRange(new byte[] {0}, Tuple.from("eventide").pack())).isEqualTo(DATA);
    byte[] after = Keys.strinc(Tuple.from("eventide").pack());
    assertThat(KeyFamilies.ofRange(after, new byte[] {(byte) 0xFF})).isEqualTo(DATA);
  }
}
