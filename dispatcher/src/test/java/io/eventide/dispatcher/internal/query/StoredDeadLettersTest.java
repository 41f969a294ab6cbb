package io.eventide.dispatcher.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.DeadLetter;
import io.eventide.dispatcher.api.DeadLetterPage;
import io.eventide.dispatcher.api.DeadLetters;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.internal.commit.DeadLetterRecords;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters kept in a real RocksDB store: written as a batch commit writes them, listed in pages
 * at the default and largest limits and just past them, filtered by type, read and deleted.
 */
class StoredDeadLettersTest {
  private final Keyspace keyspace = new Keyspace("test");
  @TempDir Path dir;
  private Store store;
  private TransactionRunner runner;
  private DeadLetters letters;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
    letters = new StoredDeadLetters(runner, keyspace);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  @Test
  void pagesHoldTheDefaultAndTheLargestLimitAndGoOnFromTheirNext() {
    List<String> ids = write(1_001, "shop", "orders");

    DeadLetterPage first = letters.list(null, null, DeadLetters.DEFAULT_LIMIT);
    assertThat(first.letters()).hasSize(100);
    assertThat(first.letters().get(0).messageId()).isEqualTo(ids.get(0));
    assertThat(first.letters().get(0).payload()).as("listings leave payloads out").isNull();
    assertThat(first.next()).isEqualTo(first.letters().get(99).cursor());
    assertThat(letters.list(null, first.next(), 100).letters().get(0).messageId())
        .isEqualTo(ids.get(100));

    DeadLetterPage largest = letters.list(null, null, DeadLetters.MAX_LIMIT);
    assertThat(largest.letters()).hasSize(1_000);
    DeadLetterPage last = letters.list(null, largest.next(), DeadLetters.MAX_LIMIT);
    assertThat(last.letters()).extracting(DeadLetter::messageId).containsExactly(ids.get(1_000));
    assertThat(last.next()).as("the end").isNull();
    assertThatThrownBy(() -> letters.list(null, null, DeadLetters.MAX_LIMIT + 1))
        .isInstanceOf(DispatcherException.class)
        .hasMessageContaining("limit must be 1..1000");
    assertThatThrownBy(() -> letters.list(null, null, 0)).isInstanceOf(DispatcherException.class);
  }

  @Test
  void aTypeFilterKeepsOnlyThatTypeAndABadCursorIsInvalid() {
    write(3, "shop", "orders");
    List<String> carts = write(2, "shop", "carts");

    assertThat(letters.list("shop/carts", null, 10).letters())
        .extracting(DeadLetter::messageId)
        .containsExactlyElementsOf(carts);
    assertThat(letters.list("shop/cart", null, 10).letters()).isEmpty();
    for (String bad : List.of("nonsense", "12", ".m1", "99999999999999999999.m1")) {
      assertThatThrownBy(() -> letters.list(null, bad, 10))
          .as(bad)
          .isInstanceOf(DispatcherException.class)
          .extracting(e -> ((DispatcherException) e).code())
          .isEqualTo(DispatcherException.Code.INVALID);
    }
  }

  @Test
  void oneIsReadWithItsWholeMessageAndDeletedOnce() {
    String id = write(1, "shop", "orders").get(0);

    DeadLetter letter = letters.get(id).orElseThrow();
    assertThat(new String(letter.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("payload of " + id);
    assertThat(letter.target()).isEqualTo("shop/orders/k0");
    assertThat(letter.source()).isEqualTo("clicks");
    assertThat(letter.eventTime()).isEqualTo(42);
    assertThat(letter.code()).isEqualTo("HANDLER_ERROR");
    assertThat(letter.attempts()).isEqualTo(4);
    assertThat(letters.delete(id)).isTrue();
    assertThat(letters.delete(id)).isFalse();
    assertThat(letters.get(id)).isEmpty();
    assertThat(letters.list(null, null, 10).letters()).isEmpty();
  }

  /** Writes {@code count} dead letters of one type, one millisecond apart; their ids in order. */
  private List<String> write(int count, String namespace, String type) {
    List<String> ids = new ArrayList<>();
    long base = System.currentTimeMillis() + ids.size();
    runner.run(
        tx -> {
          for (int i = 0; i < count; i++) {
            String id = "m" + type + i;
            InboxEntry entry =
                InboxEntry.newBuilder()
                    .setTarget(
                        Address.newBuilder().setNamespace(namespace).setType(type).setId("k" + i))
                    .setPayload(
                        Payload.newBuilder()
                            .setContentType("text/plain")
                            .setData(ByteString.copyFromUtf8("payload of " + id)))
                    .setEventTime(42)
                    .setSource("clicks")
                    .build();
            DeadLetterRecords.write(
                tx, keyspace, entry, id, "HANDLER_ERROR", "it broke", 4, base + i);
            ids.add(id);
          }
          return null;
        });
    return ids;
  }
}
