package io.eventide.dispatcher;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.protocol.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The dispatcher's span of an ingress request ({@code enqueue ns/type}, or {@code enqueue SOURCE}
 * for a batch): from the moment the dispatcher takes it until what it acknowledges is durable (a
 * call: until its reply). The messages it enqueues carry this span's context, so that their
 * invocations are its children (docs/decisions/tracing.md).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class DispatchSpans {
  static final AttributeKey<Long> EVENTS = AttributeKey.longKey("eventide.events");

  private DispatchSpans() {}

  /** The span of {@code message}'s enqueueing, or null when it is not traced. */
  static Span start(IngressMessage message) {
    if (message.traceparent() == null || !Tracing.enabled()) {
      return null;
    }
    return Tracing.child(
        "enqueue " + message.namespace() + "/" + message.type(),
        SpanKind.PRODUCER,
        message.traceparent());
  }

  /** {@code message} under {@code span}, or as it was when untraced. */
  static IngressMessage under(Span span, IngressMessage message) {
    return span == null ? message : message.withTraceparent(Tracing.traceparent(span));
  }

  /**
   * The span of a batch from {@code source}, child of its first traced event's context (a request's
   * events share the gateway's span), or null when none is traced.
   */
  static Span start(String source, List<IngressMessage> events) {
    if (!Tracing.enabled() || events.isEmpty() || events.get(0).traceparent() == null) {
      return null;
    }
    Span span = Tracing.child("enqueue " + source, SpanKind.PRODUCER, events.get(0).traceparent());
    if (span != null) {
      span.setAttribute(EVENTS, (long) events.size());
    }
    return span;
  }

  /** {@code events} under {@code span}, or as they were when untraced. */
  static List<IngressMessage> under(Span span, List<IngressMessage> events) {
    if (span == null) {
      return events;
    }
    String traceparent = Tracing.traceparent(span);
    List<IngressMessage> traced = new ArrayList<>(events.size());
    for (IngressMessage event : events) {
      traced.add(event.withTraceparent(traceparent));
    }
    return traced;
  }

  /** Ends {@code span} (if any) once {@code future} completes; answers what it answers. */
  static <T> CompletableFuture<T> endWhenDone(Span span, CompletableFuture<T> future) {
    if (span == null) {
      return future;
    }
    return future.whenComplete(
        (result, error) -> {
          if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
          }
          span.end();
        });
  }
}
