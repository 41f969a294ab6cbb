package io.eventide.worker.internal;

import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationResult;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The results of one invocation batch, handed to its receiver in parts. A batch whose invocations
 * all finish within {@link #SPLIT_AFTER_NANOS} (nearly all of them) is answered in one part. After
 * that the batch is split: what has finished goes out at once (even nothing), and every later
 * result at the next {@link #tick}, so that one slow or stuck handler holds back only its own
 * invocation and never the thousands that shared its batch. While results are outstanding, a part
 * goes out at least every heartbeat, empty if need be, so a remote receiver can tell a busy worker
 * from a dead one.
 *
 * <p>Each invocation gets exactly one result: the first one {@link #set}, by a lane, the watchdog
 * or a refusal.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Parts are handed to the receiver one at a time, in order, the last one marked.
 */
public final class BatchRun {
  /** How long a batch may take before what it has finished is answered without the rest. */
  static final long SPLIT_AFTER_NANOS = 250_000_000L;

  /** The most result bytes one part carries, well under a gRPC message's limit. */
  public static final long MAX_PART_BYTES = 16 << 20;

  /**
   * No bound on a part's bytes, for a receiver in the same process: parts are handed over as
   * objects and never serialized, so weighing every result would buy nothing (it was a tenth of the
   * handler lanes' CPU in a windowed run, benchmarks/README.md).
   */
  public static final long UNBOUNDED_PARTS = Long.MAX_VALUE;

  private final AtomicReferenceArray<InvocationResult> results;
  private final AtomicInteger remaining;
  private final Consumer<InvocationBatchPart> receiver;
  private final long maxPartBytes;
  private final long startedNanos;
  private final long heartbeatNanos;
  private volatile boolean split;
  private BitSet delivered; // guarded by this, once split
  private long lastPartNanos; // guarded by this
  private boolean finished; // guarded by this

  /**
   * @param heartbeatMillis the longest silence while results are outstanding; 0: no heartbeats
   * @param maxPartBytes the most result bytes in one part ({@link #MAX_PART_BYTES} for a receiver
   *     across gRPC), or {@link #UNBOUNDED_PARTS}
   */
  BatchRun(
      int size, Consumer<InvocationBatchPart> receiver, long heartbeatMillis, long maxPartBytes) {
    this.results = new AtomicReferenceArray<>(size);
    this.remaining = new AtomicInteger(size);
    this.receiver = receiver;
    this.maxPartBytes = maxPartBytes;
    this.startedNanos = System.nanoTime();
    this.lastPartNanos = startedNanos;
    this.heartbeatNanos = heartbeatMillis * 1_000_000L;
    if (size == 0) {
      finish();
    }
  }

  /** Sets the result of invocation {@code i} unless it has one; true when this one is kept. */
  public boolean set(int i, InvocationResult result) {
    return set(i, result, null);
  }

  /**
   * As {@link #set(int, InvocationResult)}, telling {@code onKept} (metrics) of a kept result
   * before the batch can be answered with it.
   */
  public boolean set(int i, InvocationResult result, Consumer<InvocationResult> onKept) {
    if (!results.compareAndSet(i, null, result)) {
      return false;
    }
    if (onKept != null) {
      onKept.accept(result);
    }
    if (remaining.decrementAndGet() == 0) {
      finish();
    }
    return true;
  }

  boolean hasResult(int i) {
    return results.get(i) != null;
  }

  boolean isDone() {
    return remaining.get() == 0;
  }

  /**
   * The watchdog's turn: splits a batch that took too long, sends what finished, or a heartbeat.
   */
  synchronized void tick(long nowNanos) {
    if (finished) {
      return;
    }
    boolean splitting = false;
    if (!split) {
      if (nowNanos - startedNanos < SPLIT_AFTER_NANOS) {
        return;
      }
      delivered = new BitSet(results.length());
      split = true;
      splitting = true;
    }
    // The first part goes out even empty: it tells the receiver the batch is a slow one, which
    // it need not wait for before sending the next.
    InvocationBatchPart part = undelivered(false);
    if (splitting
        || part.getIndexesCount() > 0
        || heartbeatNanos > 0 && nowNanos - lastPartNanos >= heartbeatNanos) {
      send(part, nowNanos);
    }
  }

  private synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (!split && fitsOnePart()) {
      // The usual case: every result at once and in order, which a part without indexes means.
      List<InvocationResult> all = new ArrayList<>(results.length());
      for (int i = 0; i < results.length(); i++) {
        all.add(results.get(i));
      }
      send(
          InvocationBatchPart.newBuilder().addAllResults(all).setLast(true).build(),
          System.nanoTime());
      return;
    }
    if (delivered == null) {
      delivered = new BitSet(results.length());
    }
    send(undelivered(true), System.nanoTime());
  }

  private boolean fitsOnePart() {
    if (maxPartBytes == UNBOUNDED_PARTS) {
      return true;
    }
    long bytes = 0;
    for (int i = 0; i < results.length() && bytes <= maxPartBytes; i++) {
      bytes += results.get(i).getSerializedSize();
    }
    return bytes <= maxPartBytes;
  }

  /**
   * The results not delivered yet, in parts of at most {@code maxPartBytes} (a result carries the
   * state it changed, up to 16 MiB a value): every part but the last is sent from here.
   */
  private InvocationBatchPart undelivered(boolean last) {
    InvocationBatchPart.Builder part = InvocationBatchPart.newBuilder();
    long bytes = 0;
    for (int i = delivered.nextClearBit(0);
        i < results.length();
        i = delivered.nextClearBit(i + 1)) {
      InvocationResult result = results.get(i);
      if (result != null) {
        long size = maxPartBytes == UNBOUNDED_PARTS ? 0 : result.getSerializedSize();
        if (bytes > 0 && bytes + size > maxPartBytes) {
          send(part.setLast(false).build(), System.nanoTime());
          part = InvocationBatchPart.newBuilder();
          bytes = 0;
        }
        delivered.set(i);
        part.addIndexes(i).addResults(result);
        bytes += size;
      }
    }
    return part.setLast(last).build();
  }

  private void send(InvocationBatchPart part, long nowNanos) {
    lastPartNanos = nowNanos;
    receiver.accept(part);
  }
}
