package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;

/**
 * The spans of a shard's work (docs/decisions/tracing.md). A traced message's {@code invoke
 * ns/type} span runs from the moment its batch goes to the workers until its commit is durable: a
 * child of the span that enqueued it, or, for a message from another function, the root of its own
 * trace linked to the sender's invocation. A batch's {@code commit} span is a root linked to every
 * traced message it commits, and each of those gets a {@code committed} event naming it: one commit
 * covers thousands of messages of as many traces, so it cannot be a child of each.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; a message's span is touched only on its shard's thread.
 */
public final class MessageSpans {
  /** Links a commit span keeps at most; the SDK's default limit too. */
  static final int MAX_LINKS = 128;

  private static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("eventide.message_id");
  private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("eventide.source");
  private static final AttributeKey<Long> KEY_GROUP = AttributeKey.longKey("eventide.key_group");
  private static final AttributeKey<Long> MESSAGES = AttributeKey.longKey("eventide.messages");
  private static final AttributeKey<String> COMMIT_TRACE =
      AttributeKey.stringKey("eventide.commit.trace_id");
  private static final AttributeKey<String> COMMIT_SPAN =
      AttributeKey.stringKey("eventide.commit.span_id");

  private MessageSpans() {}

  /**
   * Starts {@code p}'s invocation span if it carries a trace context; its traceparent for the
   * worker, or "" when untraced. Call only when {@link Tracing#enabled()}.
   */
  public static String invoked(Pending p) {
    if (p.span != null) {
      p.span.end(); // a span of an earlier attempt that never reached a commit
      p.span = null;
    }
    InboxEntry entry = p.entry;
    if (p.kind != Pending.Kind.MESSAGE || entry.getTraceparent().isEmpty()) {
      return "";
    }
    String name = "invoke " + entry.getTarget().getNamespace() + "/" + entry.getTarget().getType();
    String source = entry.getSource();
    boolean fromFunction = source.equals(Inboxes.INTERNAL) || source.equals(Inboxes.DELAYED);
    Span span =
        fromFunction
            ? Tracing.startLinked(name, entry.getTraceparent())
            : Tracing.child(name, SpanKind.INTERNAL, entry.getTraceparent());
    if (span == null) {
      return "";
    }
    span.setAttribute(MESSAGE_ID, entry.getMessageId());
    span.setAttribute(SOURCE, source);
    span.setAttribute(KEY_GROUP, (long) p.keyGroup);
    p.span = span;
    return Tracing.traceparent(span);
  }

  /** {@code p} went back to its inbox without a commit: its span ends, marked so. */
  public static void released(Pending p) {
    Span span = p.span;
    if (span != null) {
      p.span = null;
      span.setStatus(StatusCode.ERROR, "not committed: given back to the inbox for a retry");
      span.end();
    }
  }

  /** The span of the commit of {@code items}, or null when none of their messages is traced. */
  static Span commitStarted(int shard, List<CommitPipeline.Item> items) {
    if (!Tracing.enabled()) {
      return null;
    }
    SpanBuilder builder = null;
    int links = 0;
    long messages = 0;
    for (CommitPipeline.Item item : items) {
      for (Pending p : item.messages()) {
        messages++;
        if (p.span == null) {
          continue;
        }
        if (builder == null) {
          builder = Tracing.builder("commit").setSpanKind(SpanKind.INTERNAL).setNoParent();
        }
        if (links < MAX_LINKS) {
          builder.addLink(p.span.getSpanContext());
          links++;
        }
      }
    }
    if (builder == null) {
      return null;
    }
    builder.setAttribute(MESSAGES, messages);
    builder.setAttribute(AttributeKey.longKey("eventide.shard"), (long) shard);
    return builder.startSpan();
  }

  /** The commit of {@code items} is durable: every span of theirs ends, the commit's last. */
  static void committed(Span commit, List<CommitPipeline.Item> items) {
    if (commit == null) {
      return;
    }
    SpanContext context = commit.getSpanContext();
    Attributes event =
        Attributes.of(COMMIT_TRACE, context.getTraceId(), COMMIT_SPAN, context.getSpanId());
    for (CommitPipeline.Item item : items) {
      InvocationResult result = item.result();
      List<Pending> messages = item.messages();
      for (int m = 0; m < messages.size(); m++) {
        Pending p = messages.get(m);
        Span span = p.span;
        if (span == null) {
          continue;
        }
        p.span = null;
        if (m < result.getHandled()) {
          span.addEvent("committed", event);
        } else if (m == result.getHandled() && result.hasFailure()) {
          span.setStatus(StatusCode.ERROR, result.getFailure().getMessage());
          span.addEvent("failure committed", event);
        } else {
          span.addEvent("not handled: runs again", event);
        }
        span.end();
      }
    }
    commit.end();
  }

  /** The commit of {@code items} failed: its span and theirs end, marked so. */
  static void failed(Span commit, List<CommitPipeline.Item> items, RuntimeException error) {
    if (commit == null) {
      return;
    }
    commit.recordException(error);
    commit.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    for (CommitPipeline.Item item : items) {
      item.messages().forEach(MessageSpans::released);
    }
    commit.end();
  }
}
