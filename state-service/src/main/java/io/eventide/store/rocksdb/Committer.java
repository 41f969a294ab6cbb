package io.eventide.store.rocksdb;

import io.eventide.store.CommitResult;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group committer: one thread drains the bounded queue of pending commits, resolves each in
 * queue order, applies the accepted ones in one WriteBatch written with {@code sync=true},
 * publishes the new read point, and only then completes the futures, in commit order, on this
 * thread.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #offer} may be called from any thread; everything else runs on the committer thread.
 */
final class Committer implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Committer.class);

  private final RocksResources rocks;
  private final ReadPoints readPoints;
  private final RocksStoreOptions options;
  private final ArrayBlockingQueue<PendingCommit> queue;
  private final ConflictHistory history = new ConflictHistory();
  private final Thread thread;
  private volatile boolean running = true;
  private long lastVersion;

  /** Written by the committer after each group, for observers on other threads. */
  private volatile int historyGroups;

  Committer(
      RocksResources rocks,
      ReadPoints readPoints,
      RocksStoreOptions options,
      long lastVersion,
      String name) {
    this.rocks = rocks;
    this.readPoints = readPoints;
    this.options = options;
    this.lastVersion = lastVersion;
    this.queue = new ArrayBlockingQueue<>(options.commitQueueCapacity());
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a commit; false when the queue is full (the caller fails fast). */
  boolean offer(PendingCommit commit) {
    return queue.offer(commit);
  }

  @Override
  public void run() {
    while (running) {
      try {
        PendingCommit first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          commitGroup(drainGroup(first));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("committer failed a group unexpectedly", e);
      }
    }
  }

  /** Stops after the current group, then fails whatever is still queued with UNAVAILABLE. */
  void stop(long timeoutMillis) throws InterruptedException {
    running = false;
    if (Thread.currentThread() != thread) {
      thread.join(timeoutMillis);
      if (thread.isAlive()) {
        throw new StoreException(Code.IO, "committer did not stop within " + timeoutMillis + " ms");
      }
    }
    List<PendingCommit> rest = new ArrayList<>();
    queue.drainTo(rest);
    StoreException closed = new StoreException(Code.UNAVAILABLE, "store closed before the commit");
    rest.forEach(p -> p.future().completeExceptionally(closed));
  }

  private List<PendingCommit> drainGroup(PendingCommit first) {
    List<PendingCommit> group = new ArrayList<>();
    group.add(first);
    long bytes = first.bytes();
    // Only this thread takes from the queue, so peek-then-poll is safe.
    for (PendingCommit next = queue.peek();
        next != null
            && group.size() < options.maxGroupCommits()
            && bytes + next.bytes() <= options.maxGroupBytes();
        next = queue.peek()) {
      group.add(queue.poll());
      bytes += next.bytes();
    }
    return group;
  }

  private void commitGroup(List<PendingCommit> group) {
    Object[] outcomes = new Object[group.size()];
    GroupBuilder builder = null;
    try (WriteBatch batch = new WriteBatch()) {
      builder = new GroupBuilder(rocks, history, batch, lastVersion, group);
      for (int i = 0; i < group.size(); i++) {
        outcomes[i] = resolve(builder, group.get(i));
      }
      if (builder.lastVersion() == lastVersion) {
        complete(group, outcomes);
        return;
      }
      batch.put(
          rocks.meta, RocksResources.VERSION_KEY, Bytes.writeBigEndian(builder.lastVersion()));
      rocks.db.write(rocks.syncWrites, batch);
    } catch (RocksDBException | RuntimeException e) {
      // The batch may or may not be durable, as with FDB's commit_unknown_result. Its versions stay
      // used and its writes stay in the history, so a later commit can neither reuse a versionstamp
      // nor miss a conflict with it.
      log.error("group commit write failed", e);
      if (builder != null) {
        finishGroup(builder);
      }
      failUnknown(group, outcomes, e);
      return;
    }
    finishGroup(builder);
    readPoints.publish(lastVersion);
    history.prune(readPoints.oldestLiveVersion(), options.millisClock().getAsLong());
    historyGroups = history.size();
    complete(group, outcomes);
  }

  private void finishGroup(GroupBuilder builder) {
    lastVersion = builder.lastVersion();
    GroupWrites written = builder.writes();
    written.committedAtMillis = options.millisClock().getAsLong();
    history.append(written);
  }

  private static Object resolve(GroupBuilder builder, PendingCommit commit)
      throws RocksDBException {
    try {
      return builder.add(commit);
    } catch (StoreException e) {
      return e;
    }
  }

  private static void complete(List<PendingCommit> group, Object[] outcomes) {
    for (int i = 0; i < group.size(); i++) {
      if (outcomes[i] instanceof CommitResult result) {
        group.get(i).future().complete(result);
      } else {
        group.get(i).future().completeExceptionally((StoreException) outcomes[i]);
      }
    }
  }

  private static void failUnknown(List<PendingCommit> group, Object[] outcomes, Exception cause) {
    for (int i = 0; i < group.size(); i++) {
      Throwable error =
          outcomes[i] instanceof StoreException rejected
              ? rejected
              : new StoreException(
                  Code.COMMIT_UNKNOWN, "group commit write failed: " + cause.getMessage(), cause);
      group.get(i).future().completeExceptionally(error);
    }
  }

  int historyGroups() {
    return historyGroups;
  }
}
