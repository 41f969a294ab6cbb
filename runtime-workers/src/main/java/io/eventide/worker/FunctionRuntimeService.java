package io.eventide.worker;

import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationResult;
import io.eventide.worker.internal.FailureCode;
import io.eventide.worker.internal.FunctionBulkheads;
import io.eventide.worker.internal.InvocationTask;
import io.eventide.worker.internal.WorkerMetrics;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The worker's gRPC service: runs {@link InvocationBatch}es against the loaded deployments.
 *
 * <p>Each invocation (one address) runs on its function type's bulkhead, in parallel with the
 * batch's other invocations of that type (a few lanes take them one by one), bounded by
 * {@link WorkerConfig#invocationTimeout()}; the batch is answered once all are done. A failure
 * stops its invocation at the failing message (the messages before it keep their state changes
 * and effects) and never affects the other invocations.
 *
 * <pre>{@code
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, WorkerConfig.defaults(), meters);
 * Server server = InProcessServerBuilder.forName("worker").addService(runtime).build().start();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Thread-safe. {@link #invoke} returns at once; handlers run on the bulkhead threads, never on a
 * gRPC transport thread.
 */
public final class FunctionRuntimeService extends FunctionRuntimeGrpc.FunctionRuntimeImplBase
    implements AutoCloseable {
  private final FunctionLookup functions;
  private final FunctionBulkheads bulkheads;
  private final WorkerMetrics metrics;

  /**
   * @param functions where function types are looked up, usually a {@link StoreDeployments}
   * @param config bulkhead sizes and the invocation timeout
   * @param meters where the worker's metrics go
   */
  public FunctionRuntimeService(FunctionLookup functions, WorkerConfig config, MeterRegistry meters) {
    this.functions = functions;
    this.bulkheads = new FunctionBulkheads(config);
    this.metrics = new WorkerMetrics(meters);
  }

  @Override
  public void invoke(InvocationBatch request, StreamObserver<InvocationBatchResult> responseObserver) {
    invokeAsync(request).whenComplete((result, error) -> {
      if (error != null) {
        responseObserver.onError(Status.INTERNAL.withDescription(error.toString()).withCause(error).asRuntimeException());
      } else {
        responseObserver.onNext(result);
        responseObserver.onCompleted();
      }
    });
  }

  /** Runs a batch; the future completes (normally) when every invocation has a result. */
  public CompletableFuture<InvocationBatchResult> invokeAsync(InvocationBatch batch) {
    long start = System.nanoTime();
    // A batch's thousands of invocations usually come grouped by type: each run of one type
    // looks its function up once and goes to its bulkhead as a whole.
    List<CompletableFuture<List<InvocationResult>>> runs = new ArrayList<>();
    List<Invocation> invocations = batch.getInvocationsList();
    for (int from = 0, to; from < invocations.size(); from = to) {
      Address type = invocations.get(from).getTarget();
      to = from + 1;
      while (to < invocations.size() && sameType(invocations.get(to).getTarget(), type)) {
        to++;
      }
      runs.add(invokeRun(invocations.subList(from, to), functions.function(type.getNamespace(), type.getType()), start));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(done -> {
      InvocationBatchResult.Builder result = InvocationBatchResult.newBuilder();
      runs.forEach(run -> result.addAllResults(run.join()));
      return result.build();
    });
  }

  private static boolean sameType(Address a, Address b) {
    return a.getType().equals(b.getType()) && a.getNamespace().equals(b.getNamespace());
  }

  private CompletableFuture<List<InvocationResult>> invokeRun(
      List<Invocation> run, Optional<RegisteredFunction> function, long start) {
    if (function.isEmpty()) {
      List<InvocationResult> unknown = new ArrayList<>(run.size());
      for (Invocation invocation : run) {
        Address target = invocation.getTarget();
        InvocationResult result = InvocationTask.failure(invocation, FailureCode.UNKNOWN_FUNCTION,
            "function type " + target.getNamespace() + "/" + target.getType() + " is not deployed", "");
        // One tag for all unknown types: callers must not be able to grow the metric set at will.
        metrics.record("unknown", result, System.nanoTime() - start);
        unknown.add(result);
      }
      return CompletableFuture.completedFuture(unknown);
    }
    String typeName = function.get().type().toString();
    List<InvocationTask> tasks = new ArrayList<>(run.size());
    for (Invocation invocation : run) {
      tasks.add(new InvocationTask(invocation, function.get()));
    }
    return bulkheads.submitAll(typeName, tasks, result -> metrics.record(typeName, result, System.nanoTime() - start));
  }

  /** Stops the bulkhead threads; running handlers are interrupted. */
  @Override
  public void close() {
    bulkheads.close();
  }
}
