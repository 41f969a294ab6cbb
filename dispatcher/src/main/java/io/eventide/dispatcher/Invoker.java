package io.eventide.dispatcher;

import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.dispatcher.remote.Unary;
import io.grpc.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * How the dispatcher reaches the runtime workers: one batch in, one result per invocation out.
 * The dispatcher never loads user code; everything it knows of a function comes back here.
 */
@FunctionalInterface
public interface Invoker {
  CompletableFuture<InvocationBatchResult> invoke(InvocationBatch batch);

  /** An invoker over gRPC, as in a cluster (a standalone node calls its worker directly). */
  static Invoker grpc(Channel channel) {
    FunctionRuntimeGrpc.FunctionRuntimeStub stub = FunctionRuntimeGrpc.newStub(channel);
    return batch -> Unary.call(out -> stub.invoke(batch, out));
  }
}
