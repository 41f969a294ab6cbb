package io.eventide.worker.internal;

import io.eventide.protocol.InvocationResult;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invocations of one function type in one batch, run by a few lanes (bulkhead tasks) that
 * each take the next invocation not yet taken until none is left. A batch carries thousands of
 * invocations of a few messages each: one bulkhead task, time limit and future per invocation cost
 * a quarter of a worker thread and a tenth of the dispatcher's shard, for handlers that run in a
 * microsecond. Taking work from a shared counter, rather than splitting it up front, keeps a lane
 * stuck on a slow handler from holding back the invocations behind it.
 *
 * <p>Every invocation gets exactly one result: the lane's, or {@code TIMEOUT} from
 * {@link #timeOut} when the batch's time limit passes first, or {@code REJECTED} when it was not
 * admitted. A lane skips an invocation that already has its result.
 *
 * <h2>Thread safety</h2>
 * Thread-safe: lanes, the timer and the submitting thread complete invocations concurrently.
 */
final class LaneRun {
  private static final Logger LOG = LoggerFactory.getLogger(LaneRun.class);
  private final List<InvocationTask> tasks;
  private final AtomicReferenceArray<InvocationResult> results;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger remaining;
  private final Consumer<InvocationResult> onResult;
  private final Runnable onTaken;
  private final CompletableFuture<List<InvocationResult>> done = new CompletableFuture<>();

  /**
   * @param onResult told of each result as it is set (metrics)
   * @param onTaken told when a lane is done with an invocation, run or skipped (admission permits)
   */
  LaneRun(List<InvocationTask> tasks, Consumer<InvocationResult> onResult, Runnable onTaken) {
    this.tasks = tasks;
    this.results = new AtomicReferenceArray<>(tasks.size());
    this.remaining = new AtomicInteger(tasks.size());
    this.onResult = onResult;
    this.onTaken = onTaken;
    if (tasks.isEmpty()) {
      done.complete(List.of());
    }
  }

  /** Completes with every invocation's result, in the order of the tasks. */
  CompletableFuture<List<InvocationResult>> done() {
    return done;
  }

  /** One lane: runs the invocations nobody has taken yet, one after the other. */
  void drain() {
    for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
      try {
        if (results.get(i) == null) {
          set(i, call(tasks.get(i)));
        }
      } finally {
        onTaken.run();
      }
    }
  }

  private static InvocationResult call(InvocationTask task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      // InvocationTask turns handler failures into results, so this is a bug of ours.
      LOG.error("invocation of {} failed unexpectedly", task.target(), e);
      return task.failed(FailureCode.HANDLER_ERROR, String.valueOf(e.getMessage()), e.getClass().getName());
    }
  }

  /**
   * Answers every invocation no lane has taken with {@code result(task)}, for when no lane could
   * be started; their admission permits are given back as if a lane had skipped them.
   */
  void abandonUntaken(Function<InvocationTask, InvocationResult> result) {
    for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
      set(i, result.apply(tasks.get(i)));
      onTaken.run();
    }
  }

  /**
   * Answers {@code TIMEOUT}, with what it finished so far, for every invocation without a result;
   * running handlers are interrupted once their timeout is the result that stands.
   */
  void timeOut(String message) {
    for (int i = 0; i < tasks.size(); i++) {
      InvocationTask task = tasks.get(i);
      if (results.get(i) == null && set(i, task.failed(FailureCode.TIMEOUT, message, ""))) {
        task.abandon();
      }
    }
  }

  /**
   * Sets the result of invocation {@code i} unless it has one; the last one completes the run.
   * True when {@code result} is the one set.
   */
  private boolean set(int i, InvocationResult result) {
    if (!results.compareAndSet(i, null, result)) {
      return false;
    }
    onResult.accept(result);
    if (remaining.decrementAndGet() == 0) {
      InvocationResult[] all = new InvocationResult[tasks.size()];
      Arrays.setAll(all, results::get);
      done.complete(Arrays.asList(all));
    }
    return true;
  }
}
