package io.eventide.store.rocksdb;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: prints commits/s of the embedded store for tuning. Args: [in-flight commits] [writes
 * per commit] [seconds]. Each commit appends versionstamped entries and bumps a counter, the
 * dispatcher's typical shape.
 */
public final class CommitThroughputMain {
  private CommitThroughputMain() {}

  public static void main(String[] args) throws Exception {
    int inFlight = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int writes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path dir = Files.createTempDirectory("eventide-throughput");
    byte[] value = new byte[100];
    try (Store store = Stores.rocksdb(dir)) {
      Semaphore permits = new Semaphore(inFlight);
      AtomicLong done = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
          continue;
        }
        Transaction tx = store.begin();
        for (int i = 0; i < writes; i++) {
          tx.setVersionstampedKey(Tuple.from("inbox", i % 16).pack(), i, new byte[0], value);
        }
        tx.add(Tuple.from("count").pack(), 1);
        tx.commitAsync()
            .whenComplete(
                (r, e) -> {
                  tx.close();
                  (e == null ? done : failed).incrementAndGet();
                  permits.release();
                });
      }
      permits.tryAcquire(inFlight, 30, TimeUnit.SECONDS);
      System.out.printf(
          "%d commits/s (%d writes each), %d failed%n", done.get() / seconds, writes, failed.get());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
