package io.eventide.worker;

import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationResult;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.internal.BatchRun;
import io.eventide.worker.internal.FailureCode;
import io.eventide.worker.internal.FunctionBulkheads;
import io.eventide.worker.internal.InvocationTask;
import io.eventide.worker.internal.WorkerMetrics;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's gRPC service: runs {@link InvocationBatch}es against the loaded deployments.
 *
 * <p>Each invocation (one address) runs on its function type's bulkhead, in parallel with the
 * batch's other invocations of that type (a few lanes take them one by one). A failure stops its
 * invocation at the failing message (the messages before it keep their state changes and effects)
 * and never affects the other invocations. A handler call that runs past its type's handler timeout
 * ({@link WorkerConfig#handlerTimeout()} unless the type sets its own) fails its invocation with
 * {@code TIMEOUT}, and its thread is abandoned and replaced.
 *
 * <p>Results go back in parts ({@link #invokeParts}, {@code InvokeStream}): a batch that finishes
 * quickly is answered at once; one held up by a slow handler answers what finished, then the rest
 * as it finishes, so a stuck handler delays only its own invocation.
 *
 * <pre>{@code
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, WorkerConfig.defaults(), meters);
 * Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. The invoke methods return at once; handlers run on the bulkhead threads, never on a
 * gRPC transport thread.
 */
public final class FunctionRuntimeService extends FunctionRuntimeGrpc.FunctionRuntimeImplBase
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionRuntimeService.class);
  private final FunctionLookup functions;
  private final FunctionBulkheads bulkheads;
  private final WorkerMetrics metrics;
  private final Duration defaultTimeout;
  private final StoredCollections lists;

  /**
   * @param functions where function types are looked up, usually a {@link StoreDeployments}
   * @param config bulkhead sizes and the handler timeout
   * @param meters where the worker's metrics go
   */
  public FunctionRuntimeService(
      FunctionLookup functions, WorkerConfig config, MeterRegistry meters) {
    this(functions, config, meters, StoredCollections.none());
  }

  /**
   * As {@link #FunctionRuntimeService(FunctionLookup, WorkerConfig, MeterRegistry)}, reading the
   * internal lists of the instances it runs (windows' buffered messages) from {@code lists},
   * usually a {@link StoreCollections}.
   */
  public FunctionRuntimeService(
      FunctionLookup functions,
      WorkerConfig config,
      MeterRegistry meters,
      StoredCollections lists) {
    this.functions = functions;
    this.bulkheads = new FunctionBulkheads(config);
    this.metrics = new WorkerMetrics(meters);
    this.defaultTimeout = config.handlerTimeout();
    this.lists = lists;
    Gauge.builder("eventide.worker.blocked.threads", bulkheads, FunctionBulkheads::blockedThreads)
        .description(
            "threads blocked in handlers (waiting, sleeping, or stuck past their timeout) and replaced")
        .register(meters);
  }

  @Override
  public void invoke(
      InvocationBatch request, StreamObserver<InvocationBatchResult> responseObserver) {
    invokeAsync(request)
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                responseObserver.onError(
                    Status.INTERNAL
                        .withDescription(error.toString())
                        .withCause(error)
                        .asRuntimeException());
              } else {
                responseObserver.onNext(result);
                responseObserver.onCompleted();
              }
            });
  }

  @Override
  public void invokeStream(
      InvocationBatch request, StreamObserver<InvocationBatchPart> responseObserver) {
    invokeParts(
        request,
        part -> {
          try {
            responseObserver.onNext(part);
            if (part.getLast()) {
              responseObserver.onCompleted();
            }
          } catch (RuntimeException e) {
            // The dispatcher went away or cancelled; what is left of the batch is of no use to
            // anyone.
            LOG.debug("could not send a part of a batch's results", e);
          }
        });
  }

  /** Runs a batch; the future completes (normally) when every invocation has a result. */
  public CompletableFuture<InvocationBatchResult> invokeAsync(InvocationBatch batch) {
    CompletableFuture<InvocationBatchResult> done = new CompletableFuture<>();
    InvocationResult[] all = new InvocationResult[batch.getInvocationsCount()];
    invokeParts(
        batch,
        part -> {
          if (part.getIndexesCount() == 0 && part.getResultsCount() == all.length) {
            part.getResultsList().toArray(all);
          } else {
            for (int i = 0; i < part.getIndexesCount(); i++) {
              all[part.getIndexes(i)] = part.getResults(i);
            }
          }
          if (part.getLast()) {
            done.complete(
                InvocationBatchResult.newBuilder().addAllResults(Arrays.asList(all)).build());
          }
        });
    return done;
  }

  /**
   * Runs a batch and hands its results to {@code parts} as they are known, in parts: one with every
   * result (no indexes) when the batch is quick, else the results finished so far and later the
   * others ({@link InvocationBatchPart}). The last part is marked; parts come one at a time.
   */
  public void invokeParts(InvocationBatch batch, Consumer<InvocationBatchPart> parts) {
    invokeParts(batch, parts, BatchRun.MAX_PART_BYTES);
  }

  /**
   * {@link #invokeParts(InvocationBatch, Consumer)} for a receiver in this process, which takes the
   * parts as objects and never serializes them: a quick batch is answered in one part whatever the
   * size of its results, and none of them is weighed.
   */
  public void invokePartsInProcess(InvocationBatch batch, Consumer<InvocationBatchPart> parts) {
    invokeParts(batch, parts, BatchRun.UNBOUNDED_PARTS);
  }

  private void invokeParts(
      InvocationBatch batch, Consumer<InvocationBatchPart> parts, long maxPartBytes) {
    long start = System.nanoTime();
    BatchRun run =
        bulkheads.batch(
            batch.getInvocationsCount(), parts, batch.getHeartbeatMillis(), maxPartBytes);
    // A batch's thousands of invocations usually come grouped by type: each run of one type
    // looks its function up once and goes to its bulkhead as a whole.
    List<Invocation> invocations = batch.getInvocationsList();
    for (int from = 0, to; from < invocations.size(); from = to) {
      Address type = invocations.get(from).getTarget();
      to = from + 1;
      while (to < invocations.size() && sameType(invocations.get(to).getTarget(), type)) {
        to++;
      }
      invokeRun(
          run,
          from,
          invocations.subList(from, to),
          functions.function(type.getNamespace(), type.getType()),
          start);
    }
    bulkheads.watch(run);
  }

  private static boolean sameType(Address a, Address b) {
    return a.getType().equals(b.getType()) && a.getNamespace().equals(b.getNamespace());
  }

  private void invokeRun(
      BatchRun batch,
      int offset,
      List<Invocation> run,
      Optional<RegisteredFunction> function,
      long start) {
    if (function.isEmpty()) {
      for (int i = 0; i < run.size(); i++) {
        Address target = run.get(i).getTarget();
        InvocationResult result =
            InvocationTask.failure(
                run.get(i),
                FailureCode.UNKNOWN_FUNCTION,
                "function type "
                    + target.getNamespace()
                    + "/"
                    + target.getType()
                    + " is not deployed",
                "");
        // One tag for all unknown types: callers must not be able to grow the metric set at will.
        batch.set(offset + i, result, r -> metrics.record("unknown", r, System.nanoTime() - start));
      }
      return;
    }
    String typeName = function.get().type().toString();
    Duration timeout = function.get().handlerTimeout().orElse(defaultTimeout);
    List<InvocationTask> tasks = new ArrayList<>(run.size());
    for (Invocation invocation : run) {
      tasks.add(new InvocationTask(invocation, function.get(), timeout, lists));
    }
    bulkheads.submitAll(
        typeName,
        timeout,
        batch,
        offset,
        tasks,
        result -> metrics.record(typeName, result, System.nanoTime() - start));
  }

  /**
   * Threads of function type {@code type} ({@code ns/name}) now blocked in handlers and replaced.
   */
  public int blockedThreads(String type) {
    return bulkheads.blockedThreads(type);
  }

  /** Stops the bulkhead threads; running handlers are interrupted, stuck ones left behind. */
  @Override
  public void close() {
    bulkheads.close();
  }
}
