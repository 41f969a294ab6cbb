package io.eventide.dispatcher.api;

import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationBatchResult;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * How the dispatcher reaches the runtime workers: one batch in, one result per invocation out. The
 * dispatcher never loads user code; everything it knows of a function comes back here.
 *
 * <p>The dispatcher asks for results in parts ({@link #invokeParts}): a batch held up by a slow or
 * stuck handler answers what finished, and that is committed while the rest runs.
 */
@FunctionalInterface
public interface Invoker {
  /** Every result at once. */
  CompletableFuture<InvocationBatchResult> invoke(InvocationBatch batch);

  /**
   * Runs {@code batch} and hands its results to {@code parts} as they are known ({@link
   * InvocationBatchPart}: a part without indexes holds every result in order; the last is marked),
   * or tells it the batch failed. Parts come one at a time. This default waits for every result.
   */
  default void invokeParts(InvocationBatch batch, Parts parts) {
    invoke(batch)
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                parts.failed(error);
              } else {
                parts.part(
                    InvocationBatchPart.newBuilder()
                        .addAllResults(result.getResultsList())
                        .setLast(true)
                        .build());
              }
            });
  }

  /** Receives a batch's results in parts. */
  interface Parts {
    void part(InvocationBatchPart part);

    /** The batch failed: no part will follow, and the results not yet received are lost. */
    void failed(Throwable error);

    /** A gRPC observer of {@code InvokeStream} that hands what it receives to these parts. */
    default StreamObserver<InvocationBatchPart> observer() {
      return new StreamObserver<>() {
        private boolean last;

        @Override
        public void onNext(InvocationBatchPart part) {
          last |= part.getLast();
          part(part);
        }

        @Override
        public void onError(Throwable t) {
          failed(t);
        }

        @Override
        public void onCompleted() {
          if (!last) {
            failed(
                new IllegalStateException(
                    "the worker ended the batch's stream before its last part"));
          }
        }
      };
    }
  }
}
