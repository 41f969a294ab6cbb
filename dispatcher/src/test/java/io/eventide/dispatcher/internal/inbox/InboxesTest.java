package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.InboxEntry;
import io.eventide.store.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Appending to key groups' inboxes, read back from the real embedded store. */
class InboxesTest {
  private static final int GROUPS = 4;

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private final Inboxes inboxes = new Inboxes(db.keyspace, GROUPS);

  @Test
  void eachKeyGroupHasItsOwnPrefixAndEntriesGoOnlyToTheirs() {
    assertThat(inboxes.keyGroups()).isEqualTo(GROUPS);
    for (int kg = 0; kg < GROUPS; kg++) {
      assertThat(inboxes.prefix(kg)).isEqualTo(db.keyspace.inbox(kg));
    }

    db.write(
        tx -> {
          InboxChunks.Writer writer = inboxes.writer(tx);
          writer.append(1, Entries.message("a", "a1").toByteArray());
          writer.append(2, Entries.message("b", "b1").toByteArray());
          writer.append(1, Entries.message("a", "a2").toByteArray());
          writer.flush();
        });

    assertThat(db.inboxIds(1)).containsExactly("a1", "a2");
    assertThat(db.inboxIds(2)).containsExactly("b1");
    assertThat(db.inboxIds(0)).isEmpty();
    assertThat(db.inboxIds(3)).isEmpty();
  }

  @Test
  void appendsOfLaterCommitsReadBackAfterEarlierOnesAsTheirOwnChunks() {
    db.write(tx -> inboxes.appendOne(tx, 2, Entries.message("a", "first").toByteArray()));
    db.write(
        tx -> {
          InboxChunks.Writer writer = inboxes.writer(tx);
          writer.append(2, Entries.message("a", "second").toByteArray());
          writer.append(2, Entries.message("a", "third").toByteArray());
          writer.flush();
        });

    List<KeyValue> rows = db.rows(inboxes.prefix(2));
    InboxChunks.Page page = InboxChunks.chunks(inboxes.prefix(2), rows, false);

    assertThat(page.chunks()).extracting(c -> c.entries().size()).containsExactly(1, 2);
    assertThat(db.inboxIds(2)).containsExactly("first", "second", "third");
  }

  @Test
  void entriesKeepTheirSourceSoMessagesBetweenFunctionsAndDelayedOnesAreToldApart() {
    db.write(
        tx -> {
          InboxChunks.Writer writer = inboxes.writer(tx);
          writer.append(0, Entries.message("a", "from-rest", "rest").toByteArray());
          writer.append(0, Entries.message("a", "from-function", Inboxes.INTERNAL).toByteArray());
          writer.append(0, Entries.message("a", "came-due", Inboxes.DELAYED).toByteArray());
          writer.flush();
        });

    assertThat(db.inbox(0))
        .extracting(InboxEntry::getSource)
        .containsExactly("rest", "internal", "delayed");
  }

  @Test
  void standaloneAppendsLeaveNoMark() {
    db.write(
        tx -> {
          inboxes.appendOne(tx, 1, Entries.message("a", "m").toByteArray());
          inboxes.appended(tx, 1, Inboxes.Mark.DELAYED);
        });

    assertThat(inboxes.isClustered()).isFalse();
    assertThat(db.rows(db.keyspace.inboxSignals())).isEmpty();
  }

  @Test
  void inAClusterEachAppendChangesItsGroupsMarkOfItsKind() {
    inboxes.clustered();
    db.write(tx -> inboxes.appendOne(tx, 3, Entries.message("a", "m1").toByteArray()));
    byte[] inboxMark = db.get(db.keyspace.inboxSignal(3, Inboxes.Mark.INBOX.ordinal()));

    db.write(tx -> inboxes.appended(tx, 3, Inboxes.Mark.DELAYED));
    db.write(tx -> inboxes.appendOne(tx, 3, Entries.message("a", "m2").toByteArray()));

    assertThat(inboxes.isClustered()).isTrue();
    assertThat(inboxMark).hasSize(8);
    // A holder in another process compares marks: the second append must look different.
    assertThat(db.get(db.keyspace.inboxSignal(3, Inboxes.Mark.INBOX.ordinal())))
        .hasSize(8)
        .isNotEqualTo(inboxMark);
    assertThat(db.get(db.keyspace.inboxSignal(3, Inboxes.Mark.DELAYED.ordinal()))).hasSize(8);
    assertThat(db.rows(db.keyspace.inboxSignals())).hasSize(2);
    assertThat(db.inboxIds(3)).containsExactly("m1", "m2");
  }
}
