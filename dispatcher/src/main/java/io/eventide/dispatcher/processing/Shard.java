package io.eventide.dispatcher.processing;

import io.eventide.dispatcher.routing.Addr;
import io.eventide.protocol.Failure;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationResult;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import io.eventide.store.CommitResult;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread and the key groups {@code kg mod shards == index}. It loops: take what
 * the inboxes hold (one address's messages in order, skipping addresses waiting out a retry
 * backoff), invoke the workers with the whole batch, commit every effect in one transaction, then
 * tell waiting callers and other key groups. Nothing here takes a lock: the thread owns its
 * inboxes, its state cache and its retry bookkeeping.
 *
 * <h2>Thread safety</h2>
 * {@link #signal} and {@link #delayed} are thread-safe; everything else runs on the shard thread.
 */
final class Shard {
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
  private static final int WAKE = -1;
  private static final long IDLE_WAIT_MILLIS = 1_000;
  private static final int DIRECT_CAPACITY = 4_096;
  /** Commits a shard keeps in flight while it invokes the next batches; they share fsyncs. */
  private static final int MAX_IN_FLIGHT = 8;

  private final int index;
  private final Engine engine;
  private final Map<Integer, KeyGroupInbox> inboxes = new LinkedHashMap<>();
  private final LinkedHashSet<Integer> active = new LinkedHashSet<>();
  private final ArrayBlockingQueue<Integer> signals;
  private final ArrayBlockingQueue<Pending> direct = new ArrayBlockingQueue<>(DIRECT_CAPACITY);
  private final AtomicIntegerArray signalled;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final StateCache cache;
  private final Retries retries;
  private final DelayedQueue delayed;
  private final Thread thread;
  private final Set<Addr> inFlightAddresses = new HashSet<>();
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private volatile boolean running = true;

  Shard(int index, Engine engine) {
    this.index = index;
    this.engine = engine;
    int groups = engine.config.keyGroups();
    for (int kg = index; kg < groups; kg += engine.config.shards()) {
      inboxes.put(kg, new KeyGroupInbox(kg, engine.keyspace));
    }
    this.signals = new ArrayBlockingQueue<>(inboxes.size() + 2);
    this.signalled = new AtomicIntegerArray(groups);
    this.cache = new StateCache(engine.keyspace, engine.config.stateCacheEntries());
    this.retries = new Retries(engine.config);
    this.delayed = new DelayedQueue(engine, inboxes.keySet());
    this.thread = new Thread(this::run, "eventide-shard-" + index);
  }

  void start() {
    thread.start();
  }

  void signal(int keyGroup) {
    if (signalled.compareAndSet(keyGroup, 0, 1)) {
      signals.offer(keyGroup);
    }
  }

  /**
   * Hands a call over in memory, skipping its own inbox commit: the batch that handles it commits
   * it, and the caller hears nothing before that commit, so a crash costs the caller a retry and
   * never a lost or doubled effect. False when the queue is full.
   */
  boolean offerDirect(Pending call) {
    if (!direct.offer(call)) {
      return false;
    }
    wake();
    return true;
  }

  void delayed(int keyGroup, long dueAt) {
    if (delayed.hint(keyGroup, dueAt)) {
      wake();
    }
  }

  /**
   * Wakes the shard thread. At most one wake token is queued at a time, so the signal queue, sized
   * for one entry per key group plus one, can never fill up and drop a key group's signal.
   */
  private void wake() {
    if (wakePending.compareAndSet(false, true)) {
      signals.offer(WAKE);
    }
  }

  void stop() {
    running = false;
    wake();
  }

  void join() {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stateChanged(Addr address, Map<String, byte[]> changes) {
    cache.apply(address, changes);
  }

  private void run() {
    active.addAll(inboxes.keySet());
    delayed.init();
    long wait = 0;
    while (running) {
      try {
        awaitSignals(wait);
        finishDone();
        long now = System.currentTimeMillis();
        delayed.moveDue(now);
        takeDirect();
        Batch batch = collect(now);
        if (batch.isEmpty()) {
          wait = Math.min(IDLE_WAIT_MILLIS, Math.min(retries.nextDeadline(now), delayed.nextDue()) - now);
        } else {
          process(batch);
          wait = 0;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("shard {} failed a round; backing off", index, e);
        cache.clear();
        wait = engine.config.retryBackoff().toMillis();
      }
    }
    finishAll();
  }

  private void awaitSignals(long waitMillis) throws InterruptedException {
    Integer first = waitMillis <= 0 ? signals.poll() : signals.poll(waitMillis, TimeUnit.MILLISECONDS);
    for (Integer kg = first; kg != null; kg = signals.poll()) {
      if (kg == WAKE) {
        wakePending.set(false);
      } else {
        signalled.set(kg, 0);
        inboxes.get(kg).signal();
        active.add(kg);
      }
    }
  }

  /**
   * Places calls handed over in memory behind every durable entry of their key group. Calls are
   * taken before signals are drained once more: whatever a caller saw acknowledged before handing
   * its call over has signalled by then, so it is loaded first and a call never overtakes it. A
   * key group with more in its inbox than memory holds sends the call the durable way instead.
   */
  private void takeDirect() throws InterruptedException {
    if (direct.isEmpty()) {
      return;
    }
    List<Pending> calls = new ArrayList<>();
    direct.drainTo(calls);
    awaitSignals(0);
    try (Transaction view = engine.store.begin()) {
      for (Pending call : calls) {
        KeyGroupInbox inbox = inboxes.get(call.keyGroup);
        inbox.load(view.snapshot(), engine.config.maxBatchMessages());
        if (inbox.appendDirect(call)) {
          active.add(call.keyGroup);
        } else {
          engine.demote(call.entry);
        }
      }
    }
  }

  private Batch collect(long now) {
    Batch batch = new Batch(engine.config.maxBatchMessages(), engine.config.maxBatchBytes());
    List<Integer> visited = new ArrayList<>();
    try (Transaction view = engine.store.begin()) {
      for (var it = active.iterator(); it.hasNext() && !batch.full(); ) {
        int keyGroup = it.next();
        KeyGroupInbox inbox = inboxes.get(keyGroup);
        inbox.load(view.snapshot(), engine.config.maxBatchMessages());
        if (inbox.idle()) {
          it.remove();
          continue;
        }
        batch.take(inbox, addr -> inFlightAddresses.contains(addr) || retries.blocked(addr, now));
        visited.add(keyGroup);
      }
      batch.loadState(cache, view.snapshot());
    }
    // Round robin: the key groups served this round go to the back, so a busy key group that
    // fills every batch cannot starve the ones behind it.
    for (int keyGroup : visited) {
      active.remove(keyGroup);
      active.add(keyGroup);
    }
    return batch;
  }

  private void process(Batch batch) {
    InvocationBatch request = batch.request();
    InvocationBatchResult result;
    long started = System.nanoTime();
    try {
      result = engine.invoker.invoke(request)
          .get(engine.config.invocationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      LOG.warn("shard {}: a batch of {} messages failed at the workers; retrying", index, batch.size(), e);
      retries.pauseAll(batch.addresses(), System.currentTimeMillis());
      batch.release();
      return;
    } finally {
      engine.metrics.invokeTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
    if (result.getResultsCount() != request.getInvocationsCount()) {
      LOG.error("shard {}: worker answered {} of {} invocations", index, result.getResultsCount(),
          request.getInvocationsCount());
      retries.pauseAll(batch.addresses(), System.currentTimeMillis());
      batch.release();
      return;
    }
    List<Item> items = new ArrayList<>(batch.size());
    int i = 0;
    for (Map.Entry<Addr, List<Pending>> e : batch.byAddress().entrySet()) {
      items.add(new Item(e.getKey(), e.getValue(), result.getResults(i++)));
    }
    submit(items);
  }

  /**
   * Starts the commit of {@code items} and goes on: a shard keeps up to {@link #MAX_IN_FLIGHT}
   * commits in flight while it collects and invokes the next batches, whose addresses are disjoint
   * from theirs ({@link #inFlightAddresses}). Store commits complete in the order they were made,
   * and batches are finished in that order, so memory sees them as the store does.
   */
  private void submit(List<Item> items) {
    long now = System.currentTimeMillis();
    Map<Addr, Integer> failedAttempts = new HashMap<>();
    Transaction tx = engine.store.begin();
    InFlight next;
    try {
      BatchCommit commit = new BatchCommit(engine, tx, now);
      for (Item item : items) {
        apply(item, commit, failedAttempts);
      }
      next = new InFlight(items, tx, commit, commit.commit(), failedAttempts, now, System.nanoTime());
    } catch (RuntimeException e) {
      tx.close();
      finishAll();
      failed(items, e, now);
      return;
    }
    items.forEach(item -> inFlightAddresses.add(item.address()));
    next.future().whenComplete((result, error) -> wake());
    inFlight.add(next);
    while (inFlight.size() > MAX_IN_FLIGHT) {
      finish(inFlight.poll());
    }
  }

  /** Finishes the oldest commits that are done, in order. */
  private void finishDone() {
    while (!inFlight.isEmpty() && inFlight.peek().future().isDone()) {
      finish(inFlight.poll());
    }
  }

  /** Finishes every commit in flight, waiting for them. */
  private void finishAll() {
    while (!inFlight.isEmpty()) {
      finish(inFlight.poll());
    }
  }

  private void finish(InFlight batch) {
    try {
      batch.future().join();
      engine.metrics.commitTime.record(System.nanoTime() - batch.startedNanos(), TimeUnit.NANOSECONDS);
      batch.commit().committed(this);
      afterCommit(batch.items(), batch.commit(), batch.failedAttempts(), batch.now());
    } catch (RuntimeException e) {
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
      retries.pauseAll(items.stream().map(Item::address).toList(), now);
    }
  }

  /** Commits {@code items} now, halving on TOO_LARGE until each part fits. */
  private void commitNow(List<Item> items) {
    submit(items);
    finishAll();
  }

  private void apply(Item item, BatchCommit commit, Map<Addr, Integer> failedAttempts) {
    InvocationResult result = item.result();
    int handled = Math.min(result.getHandled(), item.messages().size());
    for (int m = 0; m < handled; m++) {
      commit.handled(item.messages().get(m), result.getEffects(m));
    }
    commit.state(item.address(), result.getStateList());
    if (result.hasFailure() && handled < item.messages().size()) {
      Failure failure = result.getFailure();
      Pending failed = item.messages().get(handled);
      int attempts = retries.attempts(item.address()) + 1;
      if (failure.getCode().equals("REJECTED")) {
        failedAttempts.put(item.address(), 0);
      } else if (attempts >= engine.config.maxAttempts()) {
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

  private void afterCommit(List<Item> items, BatchCommit commit, Map<Addr, Integer> failedAttempts, long now) {
    for (Item item : items) {
      Integer attempts = failedAttempts.get(item.address());
      if (attempts == null) {
        retries.succeeded(item.address());
      } else if (attempts == 0) {
        retries.pause(item.address(), now);
      } else {
        engine.metrics.failedAttempt();
        retries.failed(item.address(), attempts, now);
      }
    }
    Map<Integer, Integer> perGroup = new HashMap<>();
    for (Pending p : commit.consumed()) {
      perGroup.merge(p.keyGroup, p.durable() ? 1 : 0, Integer::sum);
    }
    perGroup.forEach((kg, n) -> {
      inboxes.get(kg).removeConsumed();
      engine.backlog.getAndUpdate(kg, v -> Math.max(0, v - n));
    });
  }

  private void splitTooLarge(List<Item> items, StoreException cause) {
    if (items.size() > 1) {
      commitNow(items.subList(0, items.size() / 2));
      commitNow(items.subList(items.size() / 2, items.size()));
      return;
    }
    Item item = items.get(0);
    LOG.warn("shard {}: effects of {} exceed a transaction; dead-lettering its first message",
        index, item.address(), cause);
    try (Transaction tx = engine.store.begin()) {
      BatchCommit commit = new BatchCommit(engine, tx, System.currentTimeMillis());
      commit.deadLetter(item.messages().get(0), "TOO_LARGE", cause.getMessage(), 1);
      commit.commit().join();
      commit.committed(this);
      inboxes.get(item.messages().get(0).keyGroup).removeConsumed();
      if (item.messages().get(0).durable()) {
        engine.backlog.getAndUpdate(item.messages().get(0).keyGroup, v -> Math.max(0, v - 1));
      }
    }
  }

  /** One address's part of a batch and what the worker made of it. */
  private record Item(Addr address, List<Pending> messages, InvocationResult result) {}

  /** A batch whose commit is under way. */
  private record InFlight(List<Item> items, Transaction tx, BatchCommit commit,
      CompletableFuture<CommitResult> future, Map<Addr, Integer> failedAttempts, long now, long startedNanos) {}
}
