package io.eventide.dispatcher.internal.remote;

import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchPart;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One attempt of a batch at one worker over {@code InvokeStream}: forwards each part, completes
 * when the last arrives, and fails when the stream fails or the worker stays silent (no part, not
 * even a heartbeat) for {@code silence}. A worker that is alive sends a heartbeat at least every
 * batch's {@code heartbeat_millis}, however long a handler takes, so silence means a dead worker or
 * a lost connection, never a slow handler.
 *
 * <h2>Thread safety</h2>
 *
 * gRPC calls the observer methods one at a time; the silence check runs on the scheduler.
 */
public final class PartStream
    implements ClientResponseObserver<InvocationBatch, InvocationBatchPart> {
  private final Consumer<InvocationBatchPart> parts;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ScheduledFuture<?> watch;
  private volatile ClientCallStreamObserver<InvocationBatch> call;
  private volatile boolean heard;
  private volatile boolean last;

  public PartStream(
      Consumer<InvocationBatchPart> parts, long silenceMillis, ScheduledExecutorService scheduler) {
    this.parts = parts;
    this.watch =
        scheduler.scheduleWithFixedDelay(
            this::checkSilence, silenceMillis, silenceMillis, TimeUnit.MILLISECONDS);
    done.whenComplete((ok, error) -> watch.cancel(false));
  }

  /** Completes after the last part, or fails. */
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<InvocationBatch> requestStream) {
    this.call = requestStream;
  }

  @Override
  public void onNext(InvocationBatchPart part) {
    heard = true;
    last |= part.getLast();
    parts.accept(part);
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    if (last) {
      done.complete(null);
    } else {
      done.completeExceptionally(
          new IllegalStateException("the worker ended the stream before the batch's last part"));
    }
  }

  private void checkSilence() {
    if (heard) {
      heard = false;
      return;
    }
    ClientCallStreamObserver<InvocationBatch> started = call;
    if (started != null) {
      started.cancel("the worker sent nothing for too long", null);
    }
    done.completeExceptionally(
        Status.DEADLINE_EXCEEDED
            .withDescription("the worker sent nothing on the batch for too long")
            .asRuntimeException());
  }
}
