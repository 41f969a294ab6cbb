package io.eventide.store.rocksdb;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.CommitResult;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child process of {@link RocksStoreCrashIT}: commits numbered keys from several threads as fast as
 * it can and prints {@code ack <n> <version>} for each commit the store acknowledged, until killed.
 * Arguments: the store's directory, and optionally its memtable size in bytes (a small one flushes
 * and switches WAL files every few hundred commits).
 */
public final class CrashWriterMain {
  static final int THREADS = 8;

  private CrashWriterMain() {}

  static byte[] key(long n) {
    return Tuple.from("crash", n).pack();
  }

  public static void main(String[] args) throws Exception {
    RocksStoreOptions options = RocksStoreOptions.defaults();
    if (args.length > 1) {
      options = options.withWriteBufferBytes(Long.parseLong(args[1]));
    }
    Store store = Stores.rocksdb(Path.of(args[0]), options);
    AtomicLong next = new AtomicLong();
    for (int t = 0; t < THREADS; t++) {
      Thread writer = new Thread(() -> writeForever(store, next), "crash-writer-" + t);
      writer.start();
    }
    System.out.println("started");
    System.out.flush();
  }

  private static void writeForever(Store store, AtomicLong next) {
    while (true) {
      long n = next.getAndIncrement();
      CommitResult result;
      try (Transaction tx = store.begin()) {
        tx.set(key(n), Tuple.from(n).pack());
        CompletableFuture<CommitResult> commit = tx.commitAsync();
        result = commit.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("commit " + n + " failed", e);
      }
      synchronized (System.out) {
        System.out.println("ack " + n + " " + result.version());
        System.out.flush();
      }
    }
  }
}
