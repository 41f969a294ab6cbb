package io.eventide.worker.internal;

import io.eventide.protocol.Address;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The worker's span of one handler call ({@code handle ns/type}), child of the dispatcher's
 * invocation span whose context the message carries (docs/decisions/tracing.md). Timers and
 * untraced messages run without one.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class HandlerSpans {
  private HandlerSpans() {}

  /** Runs {@code call} under a span when {@code message} is traced. */
  static void run(Address target, InvocationMessage message, Call call) throws Exception {
    Span span =
        message.getTraceparent().isEmpty() || !Tracing.enabled()
            ? null
            : Tracing.child(
                "handle " + target.getNamespace() + "/" + target.getType(),
                SpanKind.SERVER,
                message.getTraceparent());
    if (span == null) {
      call.run();
      return;
    }
    try {
      call.run();
    } catch (Exception | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      span.end();
    }
  }

  /** A handler call. */
  interface Call {
    void run() throws Exception;
  }
}
