package io.eventide.dispatcher.internal.remote;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A unary gRPC call on an async stub as a future.
 *
 * <p>The caller starts the call on the observer it is given, e.g. {@code out -> stub.invoke(batch,
 * out)}, and gets the one value, or the call's error, as the future's outcome.
 */
public final class Unary {
  private Unary() {}

  /** Starts the call with an observer that completes the returned future. */
  public static <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> start) {
    CompletableFuture<T> result = new CompletableFuture<>();
    start.accept(
        new StreamObserver<>() {
          @Override
          public void onNext(T value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            result.completeExceptionally(
                new IllegalStateException("the peer completed without an answer"));
          }
        });
    return result;
  }
}
