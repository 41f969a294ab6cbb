package io.eventide.dispatcher.internal.invoke;

import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.internal.commit.CommitPipeline;
import io.eventide.dispatcher.internal.commit.MessageSpans;
import io.eventide.dispatcher.internal.commit.ProcessingMetrics;
import io.eventide.dispatcher.internal.commit.Retries;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's batches at the workers, and what came back of them. Results arrive in parts ({@link
 * Invoker#invokeParts}): a batch held up by a slow or stuck handler answers what finished, and the
 * shard commits that while the rest runs. So an address waits only for its own invocation, never
 * for another's: the shard keeps {@link #unanswered} batches bounded, and a batch that answered
 * part of itself no longer counts.
 *
 * <p>A batch the workers say nothing of for the invocation timeout (no part, not even a heartbeat)
 * is given up: its outstanding messages go back to their inboxes and are retried after a pause.
 *
 * <h2>Thread safety</h2>
 *
 * Parts arrive on any thread and are queued; everything else runs on the shard's thread.
 */
public final class Invocations {
  private static final Logger LOG = LoggerFactory.getLogger(Invocations.class);

  private final int shard;
  private final Invoker invoker;
  private final Duration timeout;
  private final ProcessingMetrics metrics;
  private final Retries retries;
  private final Runnable wake;
  private final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private final List<Invoked> invoked = new ArrayList<>();

  /** Addresses with an invocation at the workers: their later messages wait. */
  private final Set<Addr> invoking = new HashSet<>();

  private final long timeoutNanos;
  private int unanswered;

  public Invocations(
      int shard,
      Invoker invoker,
      Duration timeout,
      ProcessingMetrics metrics,
      Retries retries,
      Runnable wake) {
    this.shard = shard;
    this.invoker = invoker;
    this.timeout = timeout;
    this.metrics = metrics;
    this.retries = retries;
    this.wake = wake;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Whether {@code address} has an invocation at the workers. */
  public boolean invoking(Addr address) {
    return invoking.contains(address);
  }

  /**
   * Every entry and timer at the workers, answered or not, until its commit is submitted: what a
   * key group's floor must stay at or below (cluster mode).
   */
  public void forEachInFlight(java.util.function.Consumer<Pending> action) {
    for (Invoked batch : invoked) {
      batch.messages.forEach(messages -> messages.forEach(action));
    }
  }

  /** Batches sent whose workers have answered nothing yet. */
  public int unanswered() {
    return unanswered;
  }

  boolean isEmpty() {
    return invoked.isEmpty();
  }

  /** Sends {@code batch} to the workers; what they answer wakes the shard. */
  public void invoke(Batch batch) {
    // Heartbeats well within the timeout, so that only a dead worker's silence reaches it.
    InvocationBatch request = batch.request(timeout.toMillis() / 4);
    Invoked next = new Invoked(batch, System.nanoTime());
    invoked.add(next);
    invoking.addAll(batch.byAddress().keySet());
    unanswered++;
    Invoker.Parts parts =
        new Invoker.Parts() {
          @Override
          public void part(InvocationBatchPart part) {
            arrivals.add(new Arrival(next, part, null));
            wake.run();
          }

          @Override
          public void failed(Throwable error) {
            arrivals.add(new Arrival(next, null, error));
            wake.run();
          }
        };
    try {
      invoker.invokeParts(request, parts);
    } catch (RuntimeException e) {
      parts.failed(e);
    }
  }

  /**
   * The results that arrived since the last call, as items to commit. The messages of a batch that
   * failed, or that has been silent for the timeout, go back to their inboxes, paused.
   */
  public List<CommitPipeline.Item> arrived(long now) {
    List<CommitPipeline.Item> items = new ArrayList<>();
    for (Arrival arrival = arrivals.poll(); arrival != null; arrival = arrivals.poll()) {
      take(arrival, items, now);
    }
    long nanos = System.nanoTime();
    for (Iterator<Invoked> it = invoked.iterator(); it.hasNext(); ) {
      Invoked batch = it.next();
      if (nanos - batch.lastHeardNanos > timeoutNanos) {
        LOG.warn(
            "shard {}: the workers said nothing of a batch for {}; retrying its {} outstanding invocations",
            shard,
            timeout,
            batch.outstanding);
        giveUp(batch, now);
        it.remove();
      }
    }
    return items;
  }

  /**
   * Waits up to {@code millis} for every batch's results, and gives up those still outstanding
   * then: their messages go back to their inboxes, to be run again by whoever serves them next.
   * Returns what arrived, to commit.
   */
  public List<CommitPipeline.Item> finish(long millis) {
    List<CommitPipeline.Item> items = new ArrayList<>(arrived(System.currentTimeMillis()));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (!invoked.isEmpty()) {
        long left = deadline - System.nanoTime();
        Arrival arrival = left > 0 ? arrivals.poll(left, TimeUnit.NANOSECONDS) : null;
        if (arrival == null) {
          break;
        }
        take(arrival, items, System.currentTimeMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Invoked batch : invoked) {
      LOG.info(
          "shard {}: stopping without {} invocations still at the workers; they will run again",
          shard,
          batch.outstanding);
      release(batch);
    }
    invoked.clear();
    unanswered = 0;
    return items;
  }

  private void take(Arrival arrival, List<CommitPipeline.Item> items, long now) {
    Invoked batch = arrival.batch();
    if (!invoked.contains(batch)) {
      return; // given up already
    }
    batch.lastHeardNanos = System.nanoTime();
    if (!batch.answered) {
      batch.answered = true;
      unanswered--;
      metrics.invoked(batch.lastHeardNanos - batch.sentNanos);
    }
    if (arrival.error() != null) {
      LOG.warn(
          "shard {}: a batch of {} invocations failed at the workers; retrying",
          shard,
          batch.outstanding,
          arrival.error());
      giveUp(batch, now);
      invoked.remove(batch);
      return;
    }
    InvocationBatchPart part = arrival.part();
    if (part.getIndexesCount() == 0) {
      for (int i = 0; i < part.getResultsCount(); i++) {
        result(batch, i, part.getResults(i), items);
      }
    } else {
      for (int k = 0; k < part.getIndexesCount() && k < part.getResultsCount(); k++) {
        result(batch, part.getIndexes(k), part.getResults(k), items);
      }
    }
    if (part.getLast() || batch.outstanding == 0) {
      if (batch.outstanding > 0) {
        LOG.error(
            "shard {}: the workers ended a batch without {} of its results; retrying those",
            shard,
            batch.outstanding);
        giveUp(batch, now);
      }
      invoked.remove(batch);
    }
  }

  private void result(
      Invoked batch, int i, InvocationResult result, List<CommitPipeline.Item> items) {
    if (i < 0 || i >= batch.addresses.length || batch.done[i]) {
      return;
    }
    batch.done[i] = true;
    batch.outstanding--;
    invoking.remove(batch.addresses[i]);
    items.add(
        new CommitPipeline.Item(
            batch.addresses[i], batch.messages.get(i), batch.states.get(i), result));
  }

  /** The batch's outstanding messages go back to their inboxes, their addresses paused. */
  private void giveUp(Invoked batch, long now) {
    List<Addr> released = release(batch);
    metrics.paused(ProcessingMetrics.Paused.WORKERS, released.size());
    retries.pauseAll(released, now);
  }

  private List<Addr> release(Invoked batch) {
    List<Addr> released = new ArrayList<>();
    for (int i = 0; i < batch.addresses.length; i++) {
      if (!batch.done[i]) {
        batch.done[i] = true;
        for (Pending p : batch.messages.get(i)) {
          p.taken = false;
          MessageSpans.released(p);
        }
        invoking.remove(batch.addresses[i]);
        released.add(batch.addresses[i]);
      }
    }
    batch.outstanding = 0;
    if (!batch.answered) {
      batch.answered = true;
      unanswered--;
    }
    return released;
  }

  /**
   * A batch at the workers: its addresses and messages in the request's order, and which are done.
   */
  private static final class Invoked {
    final Addr[] addresses;
    final List<List<Pending>> messages;

    /** The state each address was invoked with. */
    final List<Map<String, byte[]>> states;

    final boolean[] done;
    final long sentNanos;
    long lastHeardNanos;
    int outstanding;
    boolean answered;

    Invoked(Batch batch, long sentNanos) {
      Map<Addr, List<Pending>> byAddress = batch.byAddress();
      this.addresses = byAddress.keySet().toArray(Addr[]::new);
      this.messages = new ArrayList<>(byAddress.values());
      this.states = new ArrayList<>(addresses.length);
      for (Addr address : addresses) {
        states.add(batch.state(address));
      }
      this.done = new boolean[addresses.length];
      this.outstanding = addresses.length;
      this.sentNanos = sentNanos;
      this.lastHeardNanos = sentNanos;
    }
  }

  /** A part, or the failure, of a batch. */
  private record Arrival(Invoked batch, InvocationBatchPart part, Throwable error) {}
}
