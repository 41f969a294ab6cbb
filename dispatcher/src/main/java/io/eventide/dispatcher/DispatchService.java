package io.eventide.dispatcher;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.internal.remote.IngressCodec;
import io.eventide.protocol.CallRequest;
import io.eventide.protocol.CallResponse;
import io.eventide.protocol.DispatchGrpc;
import io.eventide.protocol.HandOverRequest;
import io.eventide.protocol.HandOverResponse;
import io.eventide.protocol.IngestRequest;
import io.eventide.protocol.IngestResponse;
import io.eventide.protocol.IngressRequest;
import io.eventide.protocol.ReplayRequest;
import io.eventide.protocol.SendResponse;
import io.eventide.protocol.StatusRequest;
import io.eventide.protocol.StatusResponse;
import io.eventide.protocol.WatermarkRequest;
import io.eventide.protocol.WatermarkResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A dispatcher's ingress served over gRPC to the gateways. Every answer is sent only once the
 * dispatcher's future completed, so a success means what the gateway acknowledges is durable.
 *
 * <pre>{@code
 * Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
 *     .addService(new DispatchService(dispatcher)).build().start();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; never blocks the calling gRPC thread.
 */
public final class DispatchService extends DispatchGrpc.DispatchImplBase {
  private final Dispatcher dispatcher;

  public DispatchService(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public void send(IngressRequest request, StreamObserver<SendResponse> out) {
    answer(
        start(() -> dispatcher.sendAsync(IngressCodec.message(request))),
        IngressCodec::response,
        out);
  }

  @Override
  public void call(CallRequest request, StreamObserver<CallResponse> out) {
    Duration timeout = Duration.ofMillis(Math.max(1, request.getTimeoutMillis()));
    answer(
        start(
            () ->
                dispatcher.callAsync(
                    IngressCodec.message(request.getMessage()),
                    timeout,
                    Set.copyOf(request.getNotHoldersList()))),
        IngressCodec::response,
        out);
  }

  @Override
  public void ingest(IngestRequest request, StreamObserver<IngestResponse> out) {
    answer(
        start(
            () -> {
              List<IngressMessage> events = new ArrayList<>(request.getEventsCount());
              for (IngressRequest event : request.getEventsList()) {
                events.add(IngressCodec.message(event));
              }
              return dispatcher.ingestAsync(request.getSource(), events);
            }),
        accepted -> IngestResponse.newBuilder().setAccepted(accepted).build(),
        out);
  }

  @Override
  public void watermark(WatermarkRequest request, StreamObserver<WatermarkResponse> out) {
    answer(
        start(() -> dispatcher.watermarkAsync(request.getSource(), request.getWatermark())),
        ignored -> WatermarkResponse.getDefaultInstance(),
        out);
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
    answer(
        start(
            () ->
                CompletableFuture.completedFuture(
                    request.getSource().isEmpty()
                        ? dispatcher.status()
                        : dispatcher.status(request.getSource()))),
        Function.identity(),
        out);
  }

  @Override
  public void replay(ReplayRequest request, StreamObserver<SendResponse> out) {
    answer(
        start(
            () ->
                dispatcher.replayAsync(
                    request.getMessageId(),
                    request.getTarget().getNamespace(),
                    request.getTarget().getType(),
                    request.getTarget().getId())),
        IngressCodec::response,
        out);
  }

  @Override
  public void handOver(HandOverRequest request, StreamObserver<HandOverResponse> out) {
    Map<Integer, byte[]> leases = new HashMap<>();
    request.getLeasesMap().forEach((kg, value) -> leases.put(kg, value.toByteArray()));
    answer(
        start(() -> dispatcher.adopt(request.getFromNode(), leases)),
        adopted -> HandOverResponse.newBuilder().addAllAdopted(adopted).build(),
        out);
  }

  /** Runs {@code action}, turning a synchronous throw into a failed future. */
  private static <T> CompletableFuture<T> start(
      java.util.function.Supplier<CompletableFuture<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static <T, R> void answer(
      CompletableFuture<T> result, Function<T, R> encode, StreamObserver<R> out) {
    result.whenComplete(
        (value, error) -> {
          if (error != null) {
            out.onError(IngressCodec.status(error));
          } else {
            out.onNext(encode.apply(value));
            out.onCompleted();
          }
        });
  }
}
