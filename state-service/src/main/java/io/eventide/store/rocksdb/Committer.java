package io.eventide.store.rocksdb;

import io.eventide.store.CommitResult;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>A commit offered when nothing else is queued or being written may instead be written by the
 * thread that offers it ({@link #commitHere}), as a group of one. That saves two thread hand-overs
 * (waking this thread, and this thread waking the one waiting for the result) on the path of a lone
 * commit, which is where a call's latency is spent at low rates. It keeps the order of every
 * submitter's commits: a commit is written here only when every commit offered before it has
 * completed.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #offer} and {@link #commitHere} may be called from any thread. A group is resolved and
 * written under {@link #writing}, by the committer thread or by one {@code commitHere} caller; the
 * resolver's state ({@link #history}, {@link #lastVersion}) is only touched there.
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
  private long lastVersion; // guarded by writing

  /** Held while a group is resolved, written and completed. */
  private final ReentrantLock writing = new ReentrantLock();

  /**
   * Commits offered (queued or being written) and not yet completed, plus one while {@link
   * #commitHere} writes: zero means a commit written now cannot overtake an earlier one.
   */
  private final AtomicInteger unfinished = new AtomicInteger();

  /** Of the group being written, what {@link #unfinished} still counts; guarded by writing. */
  private int unreleased;

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
    unfinished.incrementAndGet();
    if (!queue.offer(commit)) {
      unfinished.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Resolves, writes and completes {@code commit} on the calling thread if no other commit is
   * queued or being written, and returns true; otherwise returns false and does nothing (the caller
   * {@link #offer}s it). The caller blocks for the synced write.
   */
  boolean commitHere(PendingCommit commit) {
    if (!running || !unfinished.compareAndSet(0, 1)) {
      return false;
    }
    writing.lock();
    try {
      unreleased = 1;
      commitGroup(List.of(commit));
    } finally {
      release();
      writing.unlock();
    }
    return true;
  }

  @Override
  public void run() {
    while (running) {
      try {
        PendingCommit first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first != null) {
          writeQueued(first);
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

  private void writeQueued(PendingCommit first) {
    writing.lock();
    try {
      unreleased = 1;
      List<PendingCommit> group = drainGroup(first);
      unreleased = group.size();
      commitGroup(group);
    } finally {
      release();
      writing.unlock();
    }
  }

  /**
   * Stops counting the group being written as unfinished. Called once it is written and before its
   * futures complete: a {@link #commitHere} admitted from then on still waits for {@link #writing},
   * so it cannot overtake the group, and a submitter whose commit just completed finds the store
   * idle for its next one.
   */
  private void release() {
    unfinished.addAndGet(-unreleased);
    unreleased = 0;
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
      builder = new GroupBuilder(rocks.db, rocks.data, history, batch, lastVersion, group);
      for (int i = 0; i < group.size(); i++) {
        outcomes[i] = resolve(builder, group.get(i));
      }
      if (builder.lastVersion() == lastVersion) {
        release();
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
      release();
      failUnknown(group, outcomes, e);
      return;
    }
    finishGroup(builder);
    readPoints.publish(lastVersion);
    history.prune(readPoints.oldestLiveVersion(), options.millisClock().getAsLong());
    historyGroups = history.size();
    release();
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
