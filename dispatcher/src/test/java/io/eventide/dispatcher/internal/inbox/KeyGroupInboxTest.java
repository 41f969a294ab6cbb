package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One key group's window onto its stored inbox, loaded from the real embedded store. */
class KeyGroupInboxTest {
  private static final int GROUPS = 4;
  private static final int GROUP = 2;
  private static final int PAGE = 1_024;

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private final Inboxes inboxes = new Inboxes(db.keyspace, GROUPS);
  private final List<Chunk> leftovers = new ArrayList<>();
  private final Addresses addresses = new Addresses(100);

  @Test
  void loadsWhatTheStoreHoldsInOrderAndThenIsIdleUntilSignalled() {
    append("m1", "m2", "m3");
    KeyGroupInbox inbox = inbox();

    load(inbox);

    assertThat(ids(inbox)).containsExactly("m1", "m2", "m3");
    assertThat(inbox.idle()).isFalse();
    // Every entry of one address is the shard's one instance of that address.
    List<Pending> pending = pending(inbox);
    assertThat(pending.get(0).address).isSameAs(pending.get(2).address);
    assertThat(pending).allSatisfy(p -> assertThat(p.keyGroup).isEqualTo(GROUP));

    pending.forEach(p -> p.consumed = true);
    assertThat(inbox.removeConsumed()).isEqualTo(3);
    assertThat(inbox.idle()).isTrue();
    assertThat(inbox.wanted(PAGE)).as("nothing to read until a commit signals").isNull();
  }

  @Test
  void dropsOnlyTheEntriesWhoseBatchCommitted() {
    append("m1", "m2", "m3");
    KeyGroupInbox inbox = inbox();
    load(inbox);

    pending(inbox).get(1).consumed = true;

    assertThat(inbox.removeConsumed()).isEqualTo(1);
    assertThat(ids(inbox)).containsExactly("m1", "m3");
    assertThat(inbox.removeConsumed()).isZero();
  }

  @Test
  void aSecondLoadAfterNewAppendsSeesOnlyTheNewEntries() {
    append("m1", "m2");
    KeyGroupInbox inbox = inbox();
    load(inbox);
    pending(inbox).forEach(p -> p.consumed = true);
    inbox.removeConsumed();

    append("m3");
    append("m4", "m5");
    inbox.signal();
    load(inbox);

    // m1 and m2 are still in the store (only a commit deletes them): the cursor skips them.
    assertThat(db.inboxIds(GROUP)).containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(ids(inbox)).containsExactly("m3", "m4", "m5");
  }

  @Test
  void entriesConsumedByEarlierCommitsAreNotLoadedAgain() {
    append("m1", "m2", "m3");
    KeyGroupInbox first = inbox();
    load(first);
    Pending m2 = pending(first).get(1);
    db.write(tx -> m2.chunk.consume(tx, 1L << m2.slot));

    // As after a restart or a hand-over: a fresh window reads the chunk with its mask.
    KeyGroupInbox second = inbox();
    load(second);

    assertThat(ids(second)).containsExactly("m1", "m3");
    assertThat(leftovers).isEmpty();
  }

  @Test
  void aChunkWhoseEntriesAreAllConsumedButNotDeletedIsLeftForTheNextCommit() {
    append("m1", "m2");
    KeyGroupInbox first = inbox();
    load(first);
    Chunk chunk = pending(first).get(0).chunk;
    db.write(tx -> chunk.consume(tx, 0b01));
    db.write(tx -> chunk.consume(tx, 0b10)); // two commits in flight together: neither deletes it

    KeyGroupInbox second = inbox();
    load(second);

    assertThat(second.idle()).isTrue();
    assertThat(leftovers).hasSize(1);
    db.write(leftovers.get(0)::delete);
    assertThat(db.rows(inboxes.prefix(GROUP))).isEmpty();
  }

  @Test
  void aReadCutAtItsRowLimitLeavesTheRestForLaterLoadsWhileHalfAPageIsInMemory() {
    for (int i = 0; i < 40; i++) {
      append("m" + i); // a commit each: a chunk each
    }
    KeyGroupInbox inbox = inbox();

    load(inbox, 40);

    // A read asks for the fewest rows; the last chunk it got may have its mask past the cut.
    int first = InboxChunks.MIN_ROWS - 1;
    assertThat(ids(inbox)).hasSize(first).startsWith("m0").endsWith("m" + (first - 1));
    assertThat(inbox.idle()).isFalse();
    assertThat(inbox.wanted(40)).as("more than half of a page of 40 is in memory").isNull();
    load(inbox, 40);
    assertThat(ids(inbox)).hasSize(first);

    load(inbox, PAGE);
    assertThat(ids(inbox)).hasSize(40).endsWith("m39");
    assertThat(inbox.wanted(PAGE)).as("read to the end").isNull();
  }

  private KeyGroupInbox inbox() {
    return new KeyGroupInbox(GROUP, db.keyspace, addresses, leftovers);
  }

  /** One commit that appends {@code ids} to the group's inbox, all to one address. */
  private void append(String... ids) {
    db.write(
        tx -> {
          InboxChunks.Writer writer = inboxes.writer(tx);
          for (String id : ids) {
            writer.append(GROUP, Entries.message("a", id).toByteArray());
          }
          writer.flush();
        });
  }

  private void load(KeyGroupInbox inbox) {
    load(inbox, PAGE);
  }

  private void load(KeyGroupInbox inbox, int page) {
    try (Transaction tx = db.store.begin()) {
      inbox.load(tx.snapshot(), page);
    }
  }

  private static List<Pending> pending(KeyGroupInbox inbox) {
    return StreamSupport.stream(inbox.pending().spliterator(), false).toList();
  }

  private static List<String> ids(KeyGroupInbox inbox) {
    return pending(inbox).stream().map(p -> p.entry).map(InboxEntry::getMessageId).toList();
  }
}
