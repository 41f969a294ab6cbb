package io.eventide.gateway;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.SendReceipt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Records what the gateway enqueues; tests replace the behaviours to control the futures. */
final class FakeIngress implements Ingress {
  record Call(IngressMessage message, Duration timeout) {}

  record Batch(String source, List<IngressMessage> events) {}

  record Watermark(String source, long watermark) {}

  final List<IngressMessage> sent = new CopyOnWriteArrayList<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<Batch> batches = new CopyOnWriteArrayList<>();
  final List<Watermark> watermarks = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  volatile Function<IngressMessage, CompletableFuture<SendReceipt>> onSend =
      m ->
          CompletableFuture.completedFuture(new SendReceipt("msg-" + ids.incrementAndGet(), false));
  volatile BiFunction<IngressMessage, Duration, CompletableFuture<CallReply>> onCall =
      (m, t) ->
          CompletableFuture.completedFuture(
              new CallReply("pong".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8"));
  volatile Function<List<IngressMessage>, CompletableFuture<Integer>> onIngest =
      events -> CompletableFuture.completedFuture(events.size());

  @Override
  public CompletableFuture<SendReceipt> sendAsync(IngressMessage message) {
    sent.add(message);
    return onSend.apply(message);
  }

  @Override
  public CompletableFuture<CallReply> callAsync(IngressMessage message, Duration timeout) {
    calls.add(new Call(message, timeout));
    return onCall.apply(message, timeout);
  }

  @Override
  public CompletableFuture<Integer> ingestAsync(String source, List<IngressMessage> events) {
    batches.add(new Batch(source, List.copyOf(events)));
    return onIngest.apply(events);
  }

  @Override
  public CompletableFuture<Void> watermarkAsync(String source, long watermark) {
    watermarks.add(new Watermark(source, watermark));
    return CompletableFuture.completedFuture(null);
  }
}
