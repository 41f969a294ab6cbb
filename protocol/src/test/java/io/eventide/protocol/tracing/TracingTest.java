package io.eventide.protocol.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;

/** The W3C traceparent strings the messages carry, and tracing off by default. */
class TracingTest {
  private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void aTraceparentIsParsedIntoARemoteContext() {
    SpanContext context = Tracing.parse(SAMPLED);
    assertThat(context.isValid()).isTrue();
    assertThat(context.isRemote()).isTrue();
    assertThat(context.isSampled()).isTrue();
    assertThat(context.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(context.getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(Tracing.parse(SAMPLED.substring(0, 53) + "00").isSampled()).isFalse();
  }

  @Test
  void aMalformedTraceparentIsNoContextNotAnError() {
    for (String bad :
        new String[] {
          null,
          "",
          SAMPLED + "0",
          SAMPLED.substring(1),
          "01" + SAMPLED.substring(2),
          SAMPLED.replace('-', '_'),
          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz"
        }) {
      assertThat(Tracing.parse(bad).isValid()).as("%s", bad).isFalse();
    }
  }

  @Test
  void offUnlessInstalledAndThenNothingIsStarted() {
    assertThat(Tracing.enabled()).isFalse();
    assertThat(Tracing.entry("POST /x", SpanKind.SERVER, SAMPLED)).isNull();
    assertThat(Tracing.child("invoke a/b", SpanKind.INTERNAL, SAMPLED)).isNull();
    assertThat(Tracing.startLinked("invoke a/b", SAMPLED)).isNull();
    assertThat(Tracing.traceparent(null)).isEmpty();
  }
}
