package io.eventide.dispatcher.internal.egress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a page's records in lanes, one per sending address, the lanes concurrently and each in
 * order: a sender's records go one after the other, and a lane stops at its first failure. What
 * counts as delivered is the longest prefix of the page (in outbox order) that every lane got
 * through, so a receiver still sees each sender's records in order; records of other senders past
 * that prefix are sent again next time, with the same idempotency key.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #send} is called by one deliverer thread at a time; the lanes run on this object's pool of
 * {@code lanes} named threads, whose queue holds at most one task per sender of the current page.
 */
final class SenderLanes implements AutoCloseable {
  /** Sends one record; returns null when it was delivered, the error when refused for good. */
  interface Send {
    String send(OutboxRecord record);
  }

  private final ExecutorService pool;

  SenderLanes(String egress, int lanes) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            lanes,
            task -> {
              Thread thread =
                  new Thread(task, "eventide-egress-" + egress + "-lane-" + n.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Sends {@code records}; returns the delivered prefix, or throws the first failure when no record
   * got through.
   */
  Sink.Delivered send(List<OutboxRecord> records, Send send) throws InterruptedException {
    Map<String, List<Integer>> lanes = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String sender = records.get(i).senderId();
      lanes.computeIfAbsent(sender == null ? "" : sender, s -> new ArrayList<>()).add(i);
    }
    boolean[] done = new boolean[records.size()];
    String[] refused = new String[records.size()];
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Callable<Void>> tasks = new ArrayList<>(lanes.size());
    for (List<Integer> lane : lanes.values()) {
      tasks.add(
          () -> {
            for (int i : lane) {
              try {
                refused[i] = send.send(records.get(i));
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return null;
              }
              done[i] = true;
            }
            return null;
          });
    }
    pool.invokeAll(tasks); // its futures' completion makes the lanes' writes visible here
    int prefix = 0;
    while (prefix < records.size() && done[prefix]) {
      prefix++;
    }
    if (prefix == 0 && failure.get() != null) {
      throw failure.get();
    }
    List<Sink.Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < prefix; i++) {
      if (refused[i] != null) {
        rejected.add(new Sink.Rejected(records.get(i), refused[i]));
      }
    }
    return new Sink.Delivered(records.get(prefix - 1).offset(), new byte[0], rejected);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
