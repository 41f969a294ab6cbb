package io.eventide.dispatcher.internal.inbox;

import io.eventide.protocol.InboxEntry;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded RocksDB store, opened in a temporary directory before each test and deleted after
 * it, and the reads and writes that the inbox and commit tests make of it to arrange a case and to
 * check what a commit left behind.
 *
 * <pre>
 * &#64;RegisterExtension final StoreFixture db = new StoreFixture();
 * </pre>
 */
public final class StoreFixture implements BeforeEachCallback, AfterEachCallback {
  public final Keyspace keyspace = new Keyspace("test");
  public Store store;
  private Path dir;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("eventide-store");
    store = Stores.rocksdb(dir);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** Commits what {@code body} writes, failing the test if the commit fails. */
  public void write(Consumer<Transaction> body) {
    try (Transaction tx = store.begin()) {
      body.accept(tx);
      tx.commitAsync().join();
    }
  }

  public <T> T read(Function<ReadView, T> body) {
    try (Transaction tx = store.begin()) {
      return body.apply(tx.snapshot());
    }
  }

  /** Every row under {@code prefix}, in key order. */
  public List<KeyValue> rows(byte[] prefix) {
    return read(view -> view.getPrefix(prefix, 0));
  }

  public byte[] get(byte[] key) {
    return read(view -> view.get(key));
  }

  /** The entries of {@code keyGroup}'s inbox that no commit consumed yet, in inbox order. */
  public List<InboxEntry> inbox(int keyGroup) {
    byte[] prefix = keyspace.inbox(keyGroup);
    List<InboxEntry> entries = new ArrayList<>();
    for (InboxChunks.Stored chunk : InboxChunks.chunks(prefix, rows(prefix), false).chunks()) {
      for (int slot = 0; slot < chunk.entries().size(); slot++) {
        if (!chunk.consumed(slot)) {
          entries.add(chunk.entries().get(slot));
        }
      }
    }
    return entries;
  }

  /** The message ids of {@link #inbox}. */
  public List<String> inboxIds(int keyGroup) {
    return inbox(keyGroup).stream().map(InboxEntry::getMessageId).toList();
  }
}
