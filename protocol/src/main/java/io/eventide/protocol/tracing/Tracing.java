package io.eventide.protocol.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The process's tracer, and the W3C {@code traceparent} strings that carry a span's context in the
 * messages between Eventide's parts (the inbox entry, the ingress request, the invocation message).
 * See docs/decisions/tracing.md.
 *
 * <p>Off unless the launcher {@link #install installs} an OpenTelemetry SDK ({@code
 * --otlp-endpoint}). While off, {@link #enabled()} is false, and every traced place checks it (or
 * that its message carries no context) first and allocates nothing, not even OpenTelemetry's no-op
 * span builder. A process has one exporter, as it has one logger factory; handing a tracer through
 * every constructor between the launcher and the shard would have changed them all for one optional
 * concern.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: the tracer is published through a volatile field; spans are OpenTelemetry's.
 */
public final class Tracing {
  private static final String SCOPE = "io.eventide";

  private static volatile Tracer tracer;

  private Tracing() {}

  /** Whether spans are recorded in this process: false unless {@link #install} was called. */
  public static boolean enabled() {
    return tracer != null;
  }

  /** Records spans with {@code openTelemetry} from now on. */
  public static void install(OpenTelemetry openTelemetry) {
    tracer = openTelemetry.getTracer(SCOPE);
  }

  /** Stops recording spans (tests that installed a tracer in their JVM). */
  public static void uninstall() {
    tracer = null;
  }

  /**
   * An entry span (the gateway's, for a request): a child of the context {@code traceparent} names
   * when it is valid (a client's {@code traceparent} header), else the root of a new trace, sampled
   * by the installed sampler. Null when tracing is off or the span is not sampled.
   */
  public static Span entry(String name, SpanKind kind, String traceparent) {
    Tracer current = tracer;
    if (current == null) {
      return null;
    }
    SpanBuilder builder = current.spanBuilder(name).setSpanKind(kind);
    SpanContext parent = parse(traceparent);
    if (parent.isValid()) {
      builder.setParent(Context.root().with(Span.wrap(parent)));
    } else {
      builder.setNoParent();
    }
    return recording(builder.startSpan());
  }

  /**
   * A span named {@code name} of {@code kind}, child of the context {@code traceparent} names; null
   * when tracing is off, or the message carries no sampled context: a request that was not traced
   * (or not sampled) where it entered stays untraced downstream, at no cost.
   */
  public static Span child(String name, SpanKind kind, String traceparent) {
    Tracer current = tracer;
    if (current == null || traceparent == null || traceparent.isEmpty()) {
      return null;
    }
    SpanContext parent = parse(traceparent);
    if (!parent.isValid() || !parent.isSampled()) {
      return null;
    }
    return recording(
        current
            .spanBuilder(name)
            .setSpanKind(kind)
            .setParent(Context.root().with(Span.wrap(parent)))
            .startSpan());
  }

  /**
   * A root span named {@code name}, linked to the span {@code traceparent} names: a message sent by
   * one function to another starts its own trace, as a consumer's span does in OpenTelemetry's
   * messaging conventions, and its link leads back to the sender's span.
   */
  public static Span startLinked(String name, String traceparent) {
    Tracer current = tracer;
    if (current == null || traceparent == null || traceparent.isEmpty()) {
      return null;
    }
    SpanContext sender = parse(traceparent);
    if (!sender.isValid() || !sender.isSampled()) {
      return null;
    }
    return recording(
        current
            .spanBuilder(name)
            .setSpanKind(SpanKind.CONSUMER)
            .setNoParent()
            .addLink(sender)
            .startSpan());
  }

  /** A span builder of the installed tracer; call only when {@link #enabled()}. */
  public static SpanBuilder builder(String name) {
    Tracer current = tracer;
    if (current == null) {
      throw new IllegalStateException("tracing is off");
    }
    return current.spanBuilder(name);
  }

  private static Span recording(Span span) {
    if (span.isRecording()) {
      return span;
    }
    span.end();
    return null;
  }

  /** The W3C {@code traceparent} of {@code span}, or "" for none. */
  public static String traceparent(Span span) {
    if (span == null) {
      return "";
    }
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return "";
    }
    return "00-"
        + context.getTraceId()
        + '-'
        + context.getSpanId()
        + '-'
        + context.getTraceFlags().asHex();
  }

  /**
   * The remote span context {@code traceparent} names, or an invalid one when it is null, empty or
   * malformed: a bad header from a client starts a new trace, it is never an error.
   */
  public static SpanContext parse(String traceparent) {
    if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")) {
      return SpanContext.getInvalid();
    }
    if (traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-') {
      return SpanContext.getInvalid();
    }
    String flags = traceparent.substring(53);
    if (!isHex(flags)) {
      return SpanContext.getInvalid();
    }
    // createFromRemoteParent checks the ids' hex and length, and answers invalid otherwise.
    return SpanContext.createFromRemoteParent(
        traceparent.substring(3, 35),
        traceparent.substring(36, 52),
        TraceFlags.fromHex(flags, 0),
        TraceState.getDefault());
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
