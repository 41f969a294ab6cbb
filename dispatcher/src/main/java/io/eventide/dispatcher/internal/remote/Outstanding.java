package io.eventide.dispatcher.internal.remote;

import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchPart;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * A batch whose results come in parts over several attempts: each attempt carries only the
 * invocations no earlier attempt answered, and its parts are told to the receiver with indexes into
 * the original batch. The receiver sees every invocation answered at most once.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: attempts follow one another, and gRPC delivers an attempt's parts one at a time.
 */
public final class Outstanding {
  private final InvocationBatch batch;
  private final Consumer<InvocationBatchPart> receiver;
  private final BitSet answered; // guarded by this

  public Outstanding(InvocationBatch batch, Consumer<InvocationBatchPart> receiver) {
    this.batch = batch;
    this.receiver = receiver;
    this.answered = new BitSet(batch.getInvocationsCount());
  }

  /** The next attempt: the invocations not answered yet. */
  public synchronized Attempt next() {
    int size = batch.getInvocationsCount();
    if (answered.isEmpty()) {
      return new Attempt(batch, null);
    }
    List<Integer> indexes = new ArrayList<>();
    InvocationBatch.Builder rest =
        InvocationBatch.newBuilder().setHeartbeatMillis(batch.getHeartbeatMillis());
    for (int i = answered.nextClearBit(0); i < size; i = answered.nextClearBit(i + 1)) {
      indexes.add(i);
      rest.addInvocations(batch.getInvocations(i));
    }
    return new Attempt(rest.build(), indexes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** One attempt's request, and the original index of each of its invocations (null: the same). */
  public final class Attempt {
    private final InvocationBatch request;
    private final int[] original;

    private Attempt(InvocationBatch request, int[] original) {
      this.request = request;
      this.original = original;
    }

    public InvocationBatch request() {
      return request;
    }

    /** Tells the receiver of the part's results not answered before, by their original indexes. */
    public void deliver(InvocationBatchPart part) {
      synchronized (Outstanding.this) {
        InvocationBatchPart.Builder out = InvocationBatchPart.newBuilder();
        int count = request.getInvocationsCount();
        boolean whole = part.getIndexesCount() == 0;
        int results = whole ? Math.min(part.getResultsCount(), count) : part.getIndexesCount();
        for (int k = 0; k < results; k++) {
          int index = whole ? k : part.getIndexes(k);
          if (index < 0 || index >= count || k >= part.getResultsCount()) {
            continue;
          }
          int at = original == null ? index : original[index];
          if (!answered.get(at)) {
            answered.set(at);
            out.addIndexes(at).addResults(part.getResults(k));
          }
        }
        boolean last = answered.cardinality() == batch.getInvocationsCount();
        if (out.getIndexesCount() > 0 || last) {
          receiver.accept(out.setLast(last).build());
        }
      }
    }
  }
}
