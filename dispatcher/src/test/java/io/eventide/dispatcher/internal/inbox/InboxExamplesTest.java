package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.keyspace.Keyspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Javadoc examples of the inbox package, run on the real embedded store. */
class InboxExamplesTest {
  @RegisterExtension final StoreFixture db = new StoreFixture();

  @Test
  void anAppendIsWrittenInChunksAndItsGroupMarked() {
    Keyspace keyspace = db.keyspace;
    int keyGroup = 17;
    byte[] entry = Entries.message("a", "m1").toByteArray();
    db.write(
        tx -> {
          // javadoc: Inboxes
          Inboxes inboxes = new Inboxes(keyspace, 256);
          InboxChunks.Writer writer = inboxes.writer(tx);
          writer.append(keyGroup, entry);
          writer.flush();
          inboxes.appended(tx, keyGroup, Inboxes.Mark.INBOX);
          // end javadoc
        });

    assertThat(db.inboxIds(keyGroup)).containsExactly("m1");
  }

  @Test
  void theBacklogAdmitsThenCounts() {
    Backlog backlog = new Backlog(256, 1);
    int keyGroup = 17;
    // javadoc: Backlog
    backlog.admit(keyGroup); // throws OVERLOADED over the bound
    backlog.enqueued(keyGroup, 1);
    // end javadoc

    assertThat(backlog.get(keyGroup)).isEqualTo(1);
    assertThatThrownBy(() -> backlog.admit(keyGroup)).isInstanceOf(DispatcherException.class);
  }

  @Test
  void signalsReachTheShardAfterTheCommit() {
    RecordingSignals signals = new RecordingSignals();
    int keyGroup = 17;
    long dueAt = 1_700_000_000_000L;
    InboxEntry call = Entries.message("a", "c1");
    // javadoc: Signals
    signals.signal(keyGroup); // entries were appended to its inbox
    signals.delayed(keyGroup, dueAt); // a delayed message comes due then
    signals.handOver(keyGroup, call); // a call to run without an append, if the shard has room
    // end javadoc

    assertThat(signals.signalled).containsExactly(keyGroup);
    assertThat(signals.delayed)
        .singleElement()
        .satisfies(d -> assertThat(d).containsExactly(keyGroup, dueAt));
  }
}
