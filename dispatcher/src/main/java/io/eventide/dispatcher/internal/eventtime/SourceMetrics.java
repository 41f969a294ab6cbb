package io.eventide.dispatcher.internal.eventtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Each ingress source's event-time progress as meters, tagged {@code source}: {@code
 * eventide.source.watermark} (epoch ms) and {@code eventide.source.watermark.lag}, how far the
 * watermark trails processing time, the figure to alert on when a source stalls or an idle timeout
 * is too long. Both read the source's durable progress when scraped. A source without a watermark
 * yet has none (NaN); one that ended has a lag of 0.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the gauges read thread-safe clocks.
 */
public final class SourceMetrics {
  private SourceMetrics() {}

  /** Registers the meters of every source of {@code sources}, now and as they appear. */
  public static void bind(Sources sources, MeterRegistry registry, LongSupplier now) {
    sources.observe(clock -> register(clock, registry, now));
  }

  private static void register(SourceClock clock, MeterRegistry registry, LongSupplier now) {
    Gauge.builder("eventide.source.watermark", clock, SourceMetrics::watermark)
        .tag("source", clock.name())
        .description("the source's watermark, epoch ms (NaN before its first)")
        .baseUnit("milliseconds")
        .register(registry);
    TimeGauge.builder(
            "eventide.source.watermark.lag",
            clock,
            TimeUnit.MILLISECONDS,
            c -> lag(c, now.getAsLong()))
        .tag("source", clock.name())
        .description("processing time minus the source's watermark; 0 once it ended")
        .register(registry);
  }

  private static double watermark(SourceClock clock) {
    long watermark = clock.committed().watermark();
    return watermark == Long.MIN_VALUE ? Double.NaN : watermark;
  }

  static double lag(SourceClock clock, long now) {
    long watermark = clock.committed().watermark();
    if (watermark == Long.MIN_VALUE) {
      return Double.NaN;
    }
    return watermark == Long.MAX_VALUE ? 0 : Math.max(0, now - watermark);
  }
}
