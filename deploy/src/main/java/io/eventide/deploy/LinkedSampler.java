package io.eventide.deploy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Parent-based sampling with a ratio at the roots, except that a root linked to a sampled span is
 * sampled: the invocation of a message between functions, and a commit, start their own traces
 * linked to sampled ones, and a trace kept must keep what it links to.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class LinkedSampler implements Sampler {
  private final Sampler delegate;

  LinkedSampler(double ratio) {
    this.delegate = Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    if (!Span.fromContext(parentContext).getSpanContext().isValid()) {
      for (LinkData link : parentLinks) {
        if (link.getSpanContext().isSampled()) {
          return SamplingResult.recordAndSample();
        }
      }
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "LinkedSampler{" + delegate.getDescription() + "}";
  }
}
