package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * How the platform derives the event-time watermark of one ingress source, declared by a
 * deployment's {@link FunctionModule} with {@link FunctionRegistry#register(SourceSpec)}. The
 * launcher's {@code --source} setting for the same name wins over it. Immutable; validated by
 * {@link Builder#build()}.
 *
 * <ul>
 *   <li>Bounded out-of-orderness {@code B} (default 0): after an event at {@code t} the source's
 *       watermark is {@code max(previous, t - B - 1)}, as Flink's {@code forBoundedOutOfOrderness}.
 *   <li>Idle timeout (default: never idle): a source that sent nothing for this long stops holding
 *       the watermark back, as Flink's {@code withIdleness}.
 *   <li>Explicit watermarks: events do not move the watermark at all; only {@code POST
 *       /v1/ingress/{source}/watermark} does.
 * </ul>
 *
 * <pre>{@code
 * public void configure(FunctionRegistry registry) {
 *   registry.register(SourceSpec.named("clicks")
 *       .outOfOrderness(Duration.ofSeconds(2))
 *       .idleTimeout(Duration.ofSeconds(30))
 *       .build());
 *   registry.register(SourceSpec.named("ledger").explicitWatermarks().build());
 * }
 * }</pre>
 */
public final class SourceSpec {
  private final String name;
  private final long outOfOrdernessMillis;
  private final long idleTimeoutMillis;
  private final boolean explicitWatermarks;

  private SourceSpec(Builder builder) {
    this.name = builder.name;
    this.outOfOrdernessMillis = builder.outOfOrdernessMillis;
    this.idleTimeoutMillis = builder.idleTimeoutMillis;
    this.explicitWatermarks = builder.explicitWatermarks;
  }

  /**
   * Starts the spec of the source {@code name}, the {@code {source}} of {@code
   * /v1/ingress/{source}/...} ({@code rest} for {@code /v1/send} and {@code /v1/call}); it must
   * match {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,127}}.
   */
  public static Builder named(String name) {
    if (!Names.valid(name)) {
      throw new IllegalArgumentException("source name '" + name + "' must match " + Names.PATTERN);
    }
    return new Builder(name);
  }

  /** The source's name, e.g. {@code "clicks"}. */
  public String name() {
    return name;
  }

  /** The bound {@code B} on how late events may arrive, e.g. {@code PT2S}; zero by default. */
  public Duration outOfOrderness() {
    return Duration.ofMillis(outOfOrdernessMillis);
  }

  /**
   * How long the source may send nothing before it stops holding the watermark back, e.g. {@code
   * PT30S}; zero = never idle.
   */
  public Duration idleTimeout() {
    return Duration.ofMillis(idleTimeoutMillis);
  }

  /**
   * Whether only posted watermarks move the source's watermark, as for {@code
   * SourceSpec.named("x").explicitWatermarks()}.
   */
  public boolean explicitWatermarks() {
    return explicitWatermarks;
  }

  /** Same name and same settings. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SourceSpec spec
        && spec.name.equals(name)
        && spec.outOfOrdernessMillis == outOfOrdernessMillis
        && spec.idleTimeoutMillis == idleTimeoutMillis
        && spec.explicitWatermarks == explicitWatermarks;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, outOfOrdernessMillis, idleTimeoutMillis, explicitWatermarks);
  }

  @Override
  public String toString() {
    return "SourceSpec("
        + name
        + ", out-of-orderness "
        + outOfOrderness()
        + ", idle "
        + (idleTimeoutMillis == 0 ? "never" : idleTimeout().toString())
        + (explicitWatermarks ? ", explicit watermarks" : "")
        + ")";
  }

  /**
   * Builds a {@link SourceSpec}; see there for an example.
   *
   * <pre>{@code
   * SourceSpec clicks = SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)).build();
   * }</pre>
   */
  public static final class Builder {
    private final String name;
    private long outOfOrdernessMillis;
    private long idleTimeoutMillis;
    private boolean explicitWatermarks;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the bound {@code B} on out-of-order events (at least 0, in whole milliseconds); default
     * 0.
     *
     * <pre>{@code
     * SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2));   // after t: watermark t - 2001
     * }</pre>
     */
    public Builder outOfOrderness(Duration bound) {
      this.outOfOrdernessMillis = millis("out-of-orderness", bound);
      return this;
    }

    /**
     * Sets how long the source may be silent before it stops holding the watermark back; 0 = never
     * idle (the default).
     *
     * <pre>{@code
     * SourceSpec.named("sensors").idleTimeout(Duration.ofMinutes(1));
     * }</pre>
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeoutMillis = millis("idle timeout", timeout);
      return this;
    }

    /**
     * Makes only {@code POST /v1/ingress/{source}/watermark} move the watermark; events do not.
     *
     * <pre>{@code
     * SourceSpec.named("ledger").explicitWatermarks().build();
     * }</pre>
     */
    public Builder explicitWatermarks() {
      this.explicitWatermarks = true;
      return this;
    }

    /**
     * Validates and builds the spec; explicit watermarks exclude an out-of-orderness.
     *
     * <pre>{@code
     * registry.register(SourceSpec.named("clicks").idleTimeout(Duration.ofSeconds(30)).build());
     * }</pre>
     */
    public SourceSpec build() {
      if (explicitWatermarks && outOfOrdernessMillis != 0) {
        throw new IllegalStateException(
            "source "
                + name
                + " has explicit watermarks, so events do not move its "
                + "watermark and an out-of-orderness of "
                + Duration.ofMillis(outOfOrdernessMillis)
                + " means nothing");
      }
      return new SourceSpec(this);
    }

    private String what(String setting) {
      return setting + " of source " + name;
    }

    private long millis(String setting, Duration duration) {
      Objects.requireNonNull(duration, what(setting));
      if (duration.isNegative()) {
        throw new IllegalArgumentException(
            what(setting) + " must not be negative, was " + duration);
      }
      try {
        return duration.toMillis();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(what(setting) + " is too large, was " + duration, e);
      }
    }
  }
}
