package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.inbox.Chunk;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.timers.TimerIndex;
import io.eventide.protocol.Failure;
import io.eventide.protocol.InvocationResult;
import io.eventide.store.CommitResult;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's commits: turns what the workers made of a batch into one transaction, keeps up to
 * {@link #MAX_IN_FLIGHT} of them in flight, answers its waiting callers as soon as it is durable,
 * and applies each to memory (state cache, inboxes, retries) after that, in commit order.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread; the completion of a commit wakes that thread and, on the thread
 * that completed it, answers the callers ({@code BatchCommit#answer}).
 */
public final class CommitPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);

  /** Commits a shard keeps in flight while it invokes the next batches; they share fsyncs. */
  private static final int MAX_IN_FLIGHT = 8;

  private final int index;
  private final CommitParts parts;
  private final Map<Integer, KeyGroupInbox> inboxes;
  private final StateCache cache;
  private final Retries retries;
  private final TimerIndex timers;
  private final Runnable wake;
  private final Set<Addr> inFlightAddresses = new HashSet<>();
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  /**
   * Inbox chunks whose entries are all consumed, for the next commit to delete ({@link
   * Chunk#leftover}).
   */
  private final List<Chunk> leftovers;

  public CommitPipeline(
      int index,
      CommitParts parts,
      Map<Integer, KeyGroupInbox> inboxes,
      StateCache cache,
      Retries retries,
      TimerIndex timers,
      List<Chunk> leftovers,
      Runnable wake) {
    this.leftovers = leftovers;
    this.timers = timers;
    this.index = index;
    this.parts = parts;
    this.inboxes = inboxes;
    this.cache = cache;
    this.retries = retries;
    this.wake = wake;
  }

  /** Every entry and timer of the commits under way (cluster mode: see {@code KeyGroupFloors}). */
  public void forEachInFlight(java.util.function.Consumer<Pending> action) {
    for (InFlight batch : inFlight) {
      batch.items().forEach(item -> item.messages().forEach(action));
    }
  }

  /** Whether a batch of {@code address} is still committing: its next messages must wait. */
  public boolean inFlight(Addr address) {
    return inFlightAddresses.contains(address);
  }

  /**
   * Starts the commit of {@code items} and goes on: a shard keeps up to {@link #MAX_IN_FLIGHT}
   * commits in flight while it collects and invokes the next batches, whose addresses are disjoint
   * from theirs ({@link #inFlightAddresses}). Store commits complete in the order they were made,
   * and batches are finished in that order, so memory sees them as the store does.
   */
  public void submit(List<Item> items) {
    items = held(items);
    if (items.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    Map<Addr, Integer> failedAttempts = new HashMap<>();
    Transaction tx = parts.store().beginWrites();
    InFlight next;
    BatchCommit commit = new BatchCommit(parts, tx, now, leftovers);
    try {
      for (Item item : items) {
        apply(item, commit, failedAttempts, now);
      }
      Span span = MessageSpans.commitStarted(index, items);
      next =
          new InFlight(
              items, tx, commit, commit.commit(), failedAttempts, now, System.nanoTime(), span);
    } catch (RuntimeException e) {
      commit.abandoned();
      tx.close();
      finishAll();
      failed(items, e, now);
      // Taken again once their pause is over, as after a failed commit (finish).
      items.forEach(item -> item.messages().forEach(p -> p.taken = false));
      return;
    }
    items.forEach(item -> inFlightAddresses.add(item.address()));
    next.future()
        .whenComplete(
            (result, error) -> {
              wake.run(); // first: the shard applies the batch to memory while callers hear back
              if (error == null) {
                commit.answer();
              }
            });
    inFlight.add(next);
    while (inFlight.size() > MAX_IN_FLIGHT) {
      finish(inFlight.poll());
    }
  }

  /**
   * The items whose key group this dispatcher still holds, as when they were taken. A group handed
   * over while its batch was at the workers is the new holder's now (and one taken back since may
   * have been handled there meanwhile): its messages are left to it, and must not fail the commit
   * of the other groups' messages of the same batch.
   */
  private List<Item> held(List<Item> items) {
    List<Item> held = null;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      Pending first = item.messages().get(0);
      if (parts.leases().holds(first.keyGroup, first.tenure)) {
        if (held != null) {
          held.add(item);
        }
        continue;
      }
      if (held == null) {
        held = new ArrayList<>(items.subList(0, i));
      }
      item.messages().forEach(p -> p.taken = false);
    }
    return held == null ? items : held;
  }

  /** Finishes the oldest commits that are done, in order. */
  public void finishDone() {
    while (!inFlight.isEmpty() && inFlight.peek().future().isDone()) {
      finish(inFlight.poll());
    }
  }

  /** Finishes every commit in flight, waiting for them. */
  public void finishAll() {
    while (!inFlight.isEmpty()) {
      finish(inFlight.poll());
    }
  }

  private void finish(InFlight batch) {
    try {
      try {
        batch.future().join();
      } catch (RuntimeException e) {
        batch.commit().abandoned();
        throw e;
      }
      parts.metrics().commitTook(System.nanoTime() - batch.startedNanos());
      batch.commit().committed(cache, timers);
      afterCommit(batch.items(), batch.commit(), batch.failedAttempts(), batch.now());
      MessageSpans.committed(batch.span(), batch.items());
    } catch (RuntimeException e) {
      MessageSpans.failed(batch.span(), batch.items(), e);
      failed(batch.items(), e, batch.now());
    } finally {
      batch.tx().close();
      for (Item item : batch.items()) {
        inFlightAddresses.remove(item.address());
        item.messages().forEach(p -> p.taken = false);
      }
    }
  }

  private void failed(List<Item> items, RuntimeException e, long now) {
    StoreException store = StoreException.unwrap(e);
    if (store != null && store.code() == StoreException.Code.TOO_LARGE) {
      splitTooLarge(items, store);
    } else if (store != null && store.code() == StoreException.Code.FENCED) {
      LOG.error("shard {}: lost a key group lease; dropping its work", index, e);
      cache.clear();
    } else {
      LOG.warn("shard {}: commit of {} addresses failed; retrying", index, items.size(), e);
      parts.metrics().paused(ProcessingMetrics.Paused.COMMIT, items.size());
      retries.pauseAll(items.stream().map(Item::address).toList(), now);
    }
  }

  /** Commits {@code items} now, halving on TOO_LARGE until each part fits. */
  private void commitNow(List<Item> items) {
    submit(items);
    finishAll();
  }

  private void apply(Item item, BatchCommit commit, Map<Addr, Integer> failedAttempts, long now) {
    InvocationResult result = item.result();
    int handled = Math.min(result.getHandled(), item.messages().size());
    for (int m = 0; m < handled; m++) {
      commit.handled(item.messages().get(m), result.getEffects(m));
    }
    commit.state(item.address(), result.getStateList(), item.before());
    commit.lists(item.address(), result.getListsList());
    commit.maps(item.address(), result.getMapsList());
    if (result.hasFailure() && handled < item.messages().size()) {
      Failure failure = result.getFailure();
      Pending failed = item.messages().get(handled);
      int attempts = retries.attempts(item.address()) + 1;
      if (failure.getCode().equals("REJECTED")) {
        failedAttempts.put(item.address(), 0);
        parts.metrics().paused(ProcessingMetrics.Paused.REJECTED, 1);
      } else if (failure.getCode().equals("UNKNOWN_FUNCTION")
          && retries.unknownMayBeLag(item.address(), now)) {
        failedAttempts.put(item.address(), 0);
        parts.metrics().paused(ProcessingMetrics.Paused.UNKNOWN_FUNCTION, 1);
      } else if (failure.getCode().equals("TOO_LARGE")) {
        // The handler went past a size limit: another attempt would write the same.
        commit.deadLetter(failed, failure.getCode(), describe(failure), attempts);
      } else if (attempts >= parts.maxAttempts()) {
        commit.deadLetter(failed, failure.getCode(), describe(failure), attempts);
      } else {
        failedAttempts.put(item.address(), attempts);
      }
    }
  }

  private static String describe(Failure failure) {
    return failure.getExceptionClass().isEmpty()
        ? failure.getMessage()
        : failure.getExceptionClass() + ": " + failure.getMessage();
  }

  private void afterCommit(
      List<Item> items, BatchCommit commit, Map<Addr, Integer> failedAttempts, long now) {
    for (Item item : items) {
      Integer attempts = failedAttempts.get(item.address());
      if (attempts == null) {
        retries.succeeded(item.address());
      } else if (attempts == 0) {
        retries.pause(item.address(), now);
      } else {
        parts.metrics().failedAttempt();
        retries.failed(item.address(), attempts, now);
      }
    }
    // Counted in an array: a commit consumes thousands of messages of a few hundred key groups.
    int[] perGroup = new int[parts.keyGroups()];
    BitSet touched = new BitSet();
    for (Pending p : commit.consumed()) {
      touched.set(p.keyGroup);
      perGroup[p.keyGroup] += p.inBacklog() ? 1 : 0;
    }
    for (int kg = touched.nextSetBit(0); kg >= 0; kg = touched.nextSetBit(kg + 1)) {
      inboxes.get(kg).removeConsumed();
      int n = perGroup[kg];
      parts.backlog().consumed(kg, n);
    }
  }

  private void splitTooLarge(List<Item> items, StoreException cause) {
    if (items.size() > 1) {
      commitNow(items.subList(0, items.size() / 2));
      commitNow(items.subList(items.size() / 2, items.size()));
      return;
    }
    Item item = items.get(0);
    int handled = item.result().getHandled();
    if (item.messages().size() > 1 && handled > 1) {
      // Exactly once allows a split between messages: the address runs again with half of them.
      LOG.info(
          "shard {}: effects of {} messages of {} exceed a transaction; running half of them at a time",
          index,
          handled,
          item.address());
      retries.halve(item.address(), Math.min(handled, item.messages().size()));
      return;
    }
    LOG.warn(
        "shard {}: effects of {} exceed a transaction; dead-lettering its first message",
        index,
        item.address(),
        cause);
    try (Transaction tx = parts.store().begin()) {
      BatchCommit commit = new BatchCommit(parts, tx, System.currentTimeMillis(), leftovers);
      commit.deadLetter(item.messages().get(0), "TOO_LARGE", cause.getMessage(), 1);
      try {
        commit.commit().join();
      } catch (RuntimeException e) {
        commit.abandoned();
        throw e;
      }
      commit.committed(cache, timers);
      commit.answer();
      inboxes.get(item.messages().get(0).keyGroup).removeConsumed();
      if (item.messages().get(0).inBacklog()) {
        parts.backlog().consumed(item.messages().get(0).keyGroup, 1);
      }
    }
  }

  /**
   * One address's part of a batch, the state it was invoked with ({@code before}; null when not
   * known), and what the worker made of it.
   */
  public record Item(
      Addr address, List<Pending> messages, Map<String, byte[]> before, InvocationResult result) {}

  /** A batch whose commit is under way, and its span when it commits traced messages. */
  private record InFlight(
      List<Item> items,
      Transaction tx,
      BatchCommit commit,
      CompletableFuture<CommitResult> future,
      Map<Addr, Integer> failedAttempts,
      long now,
      long startedNanos,
      Span span) {}
}
