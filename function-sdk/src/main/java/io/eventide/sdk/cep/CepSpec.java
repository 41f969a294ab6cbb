package io.eventide.sdk.cep;

import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A pattern-detecting function type, as a Flink CEP {@code PatternStream} keyed by the address:
 * messages sent to {@code type/id} are events of key {@code id}, decoded with the event type and
 * matched against the pattern in event-time order once the watermark passes them. Register its
 * {@link #functionSpec()} like any function. Immutable; validated (the pattern compiled) by {@link
 * Builder#build()}.
 *
 * <pre>{@code
 * CepSpec<String> spec =
 *     CepSpec.builder(TypeName.of("shop", "fraud"), Types.STRING, pattern)
 *         .process((context, match, timestamp) ->
 *             context.egress("alerts", Types.STRING, context.self().id()))
 *         .onTimedOut((context, partial, timestamp) ->
 *             context.egress("abandoned", Types.STRING, context.self().id()))
 *         .build();
 * FunctionModule module = registry -> registry.register(spec.functionSpec());
 * }</pre>
 *
 * @param <T> the event type
 */
public final class CepSpec<T> {
  private final TypeName type;
  private final Type<T> eventType;
  private final Pattern<T> pattern;
  private final PatternProcessFunction<T> matchFunction;
  private final TimedOutPartialMatchHandler<T> timedOutHandler;
  private final StatefulFunction lateMessageHandler;
  private final Duration handlerTimeout;
  private final Nfa<T> nfa;

  private CepSpec(Builder<T> builder, Nfa<T> nfa) {
    this.type = builder.type;
    this.eventType = builder.eventType;
    this.pattern = builder.pattern;
    this.matchFunction = builder.matchFunction;
    this.timedOutHandler = builder.timedOutHandler;
    this.lateMessageHandler = builder.lateMessageHandler;
    this.handlerTimeout = builder.handlerTimeout;
    this.nfa = nfa;
  }

  /** Starts a spec for the function type {@code type} matching {@code pattern}. */
  public static <T> Builder<T> builder(TypeName type, Type<T> eventType, Pattern<T> pattern) {
    return new Builder<>(
        Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(eventType, "eventType"),
        Objects.requireNonNull(pattern, "pattern"));
  }

  /** The function type. */
  public TypeName type() {
    return type;
  }

  /** How messages are decoded into events. */
  public Type<T> eventType() {
    return eventType;
  }

  /** The pattern, its last step. */
  public Pattern<T> pattern() {
    return pattern;
  }

  /** What receives each match. */
  public PatternProcessFunction<T> matchFunction() {
    return matchFunction;
  }

  /** What receives timed-out partial matches; empty: they are dropped. */
  public Optional<TimedOutPartialMatchHandler<T>> timedOutHandler() {
    return Optional.ofNullable(timedOutHandler);
  }

  /** Where messages at or below the watermark go; empty: they are dropped and counted. */
  public Optional<StatefulFunction> lateMessageHandler() {
    return Optional.ofNullable(lateMessageHandler);
  }

  /**
   * The function type to register: the pattern's operator and the value state it keeps (its map
   * state needs no registering).
   *
   * <pre>{@code
   * FunctionTestDriver driver = FunctionTestDriver.create().register(spec.functionSpec());
   * }</pre>
   */
  public FunctionSpec functionSpec() {
    FunctionSpec.Builder builder =
        FunctionSpec.builder(type)
            .withSupplier(() -> new CepOperator<>(this, nfa))
            .withValueSpecs(CepOperator.RUNS, CepOperator.ARRIVALS, CepOperator.LATE_DROPPED);
    if (handlerTimeout != null) {
      builder.withHandlerTimeout(handlerTimeout);
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "CepSpec(" + type + ", " + pattern + ")";
  }

  /**
   * Builds a {@link CepSpec}; see there for an example.
   *
   * <pre>{@code
   * CepSpec<String> spec = CepSpec.builder(type, Types.STRING, pattern)
   *     .process((context, match, timestamp) -> context.egress("matches", Types.STRING, "!"))
   *     .onLateMessage((context, message) -> context.egress("late", Types.BYTES, message.payload()))
   *     .build();
   * }</pre>
   *
   * @param <T> the event type
   */
  public static final class Builder<T> {
    private final TypeName type;
    private final Type<T> eventType;
    private final Pattern<T> pattern;
    private PatternProcessFunction<T> matchFunction;
    private TimedOutPartialMatchHandler<T> timedOutHandler;
    private StatefulFunction lateMessageHandler;
    private Duration handlerTimeout;

    private Builder(TypeName type, Type<T> eventType, Pattern<T> pattern) {
      this.type = type;
      this.eventType = eventType;
      this.pattern = pattern;
    }

    /** Hands each match to {@code function}; required. */
    public Builder<T> process(PatternProcessFunction<T> function) {
      this.matchFunction = Objects.requireNonNull(function, "match function");
      return this;
    }

    /** Hands each timed-out partial match to {@code handler}. */
    public Builder<T> onTimedOut(TimedOutPartialMatchHandler<T> handler) {
      this.timedOutHandler = Objects.requireNonNull(handler, "timed-out handler");
      return this;
    }

    /** Sends messages at or below the watermark to {@code handler}, run as the key's address. */
    public Builder<T> onLateMessage(StatefulFunction handler) {
      this.lateMessageHandler = Objects.requireNonNull(handler, "late message handler");
      return this;
    }

    /** Sets this type's handler timeout, as {@link FunctionSpec.Builder#withHandlerTimeout}. */
    public Builder<T> handlerTimeout(Duration timeout) {
      FunctionSpec.builder(type).withHandlerTimeout(timeout); // validates it now, not at register
      this.handlerTimeout = timeout;
      return this;
    }

    /** Validates the spec and compiles its pattern; throws {@link MalformedPatternException}. */
    public CepSpec<T> build() {
      if (matchFunction == null) {
        throw new IllegalStateException(
            "pattern function " + type + " has no match function: call process(...)");
      }
      return new CepSpec<>(this, NfaCompiler.compile(pattern));
    }
  }
}
