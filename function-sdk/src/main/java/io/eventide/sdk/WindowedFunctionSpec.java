package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A windowed function type, shaped after Flink's window operator: messages sent to {@code type/id}
 * are assigned to windows of key {@code id} by their event time (or by processing time, with the
 * {@code Windows.*ProcessingTime} assigners), folded with an {@link AggregateFunction} (or buffered
 * for a {@link ProcessWindowFunction}, or for an {@link Evictor}), and handed to the window
 * function whenever the trigger fires. Register it with {@link
 * FunctionRegistry#register(WindowedFunctionSpec)}. Immutable; validated by {@link
 * Builder#build()}.
 *
 * <pre>{@code
 * registry.register(WindowedFunctionSpec.builder(TypeName.of("shop", "clicks-per-minute"))
 *     .window(Windows.tumbling(Duration.ofMinutes(1)))
 *     .allowedLateness(Duration.ofSeconds(5))
 *     .aggregate(countClicks, (context, window, count) ->
 *         context.egress("clicks", Types.LONG, count))
 *     .onLateMessage((context, message) -> context.egress("late-clicks", Types.BYTES, message.payload()))
 *     .build());
 * }</pre>
 *
 * @param <ACC> the aggregate's accumulator ({@link Void} for a process function)
 * @param <OUT> the aggregate's result ({@link Void} for a process function)
 */
public final class WindowedFunctionSpec<ACC, OUT> {
  private final TypeName type;
  private final WindowAssigner assigner;
  private final Trigger trigger;
  private final Duration allowedLateness;
  private final AggregateFunction<ACC, OUT> aggregateFunction;
  private final WindowFunction<? super OUT> windowFunction;
  private final ProcessWindowFunction processFunction;
  private final ProcessWindowFunction.WithState statefulFunction;
  private final Evictor evictor;
  private final StatefulFunction lateMessageHandler;
  private final Duration handlerTimeout;

  private WindowedFunctionSpec(Builder<ACC, OUT> builder, Trigger trigger) {
    this.type = builder.type;
    this.assigner = builder.assigner;
    this.trigger = trigger;
    this.allowedLateness = builder.allowedLateness;
    this.aggregateFunction = builder.aggregateFunction;
    this.windowFunction = builder.windowFunction;
    this.processFunction = builder.processFunction;
    this.statefulFunction = builder.statefulFunction;
    this.evictor = builder.evictor;
    this.lateMessageHandler = builder.lateMessageHandler;
    this.handlerTimeout = builder.handlerTimeout;
  }

  /** Starts a spec for the function type {@code type}. */
  public static Builder<Void, Void> builder(TypeName type) {
    return new Builder<>(Objects.requireNonNull(type, "type"));
  }

  /** The function type. */
  public TypeName type() {
    return type;
  }

  /** How messages are assigned to windows. */
  public WindowAssigner assigner() {
    return assigner;
  }

  /**
   * When windows fire: the one set, or by default {@link Triggers#eventTime()} ({@link
   * Triggers#processingTime()} for processing-time windows, {@link Triggers#never()} for global).
   */
  public Trigger trigger() {
    return trigger;
  }

  /** How long after a window's end messages are still added to it (and re-fire it). */
  public Duration allowedLateness() {
    return allowedLateness;
  }

  /** The incremental aggregate; empty for a process function. */
  public Optional<AggregateFunction<ACC, OUT>> aggregateFunction() {
    return Optional.ofNullable(aggregateFunction);
  }

  /** What receives the aggregate's result; empty for a process function. */
  public Optional<WindowFunction<? super OUT>> windowFunction() {
    return Optional.ofNullable(windowFunction);
  }

  /** The full-window function set by {@code process}; empty otherwise. */
  public Optional<ProcessWindowFunction> processFunction() {
    return Optional.ofNullable(processFunction);
  }

  /**
   * The full-window function as it runs: the one set by {@code processWithState}, or the one set by
   * {@code process}, which ignores the state; empty for an aggregate.
   */
  public Optional<ProcessWindowFunction.WithState> processWithState() {
    if (processFunction != null) {
      ProcessWindowFunction plain = processFunction;
      return Optional.of(
          (context, window, messages) -> plain.process(context, window.window(), messages));
    }
    return Optional.ofNullable(statefulFunction);
  }

  /** What evicts messages from a window when it fires; empty: nothing is evicted. */
  public Optional<Evictor> evictor() {
    return Optional.ofNullable(evictor);
  }

  /** Where messages go whose windows are all late; empty: they are dropped and counted. */
  public Optional<StatefulFunction> lateMessageHandler() {
    return Optional.ofNullable(lateMessageHandler);
  }

  /**
   * How long one call of the window's functions may run (see {@link FunctionSpec}); empty: the
   * platform's {@code --handler-timeout}.
   */
  public Optional<Duration> handlerTimeout() {
    return Optional.ofNullable(handlerTimeout);
  }

  @Override
  public String toString() {
    return "WindowedFunctionSpec("
        + type
        + ", "
        + assigner
        + ", "
        + trigger
        + ", lateness "
        + allowedLateness
        + (evictor != null ? ", " + evictor : "")
        + ")";
  }

  /**
   * Builds a {@link WindowedFunctionSpec}; see there for an example.
   *
   * <pre>{@code
   * WindowedFunctionSpec<Long, Long> spec = WindowedFunctionSpec.builder(type)
   *     .window(Windows.session(Duration.ofMinutes(30))).aggregate(sum, emit).build();
   * }</pre>
   *
   * @param <ACC> the aggregate's accumulator, once set
   * @param <OUT> the aggregate's result, once set
   */
  public static final class Builder<ACC, OUT> {
    private final TypeName type;
    private WindowAssigner assigner;
    private Trigger trigger;
    private Duration allowedLateness = Duration.ZERO;
    private AggregateFunction<ACC, OUT> aggregateFunction;
    private WindowFunction<? super OUT> windowFunction;
    private ProcessWindowFunction processFunction;
    private ProcessWindowFunction.WithState statefulFunction;
    private Evictor evictor;
    private StatefulFunction lateMessageHandler;
    private Duration handlerTimeout;

    private Builder(TypeName type) {
      this.type = type;
    }

    /** Sets the window assigner, one of {@link Windows}; required. */
    public Builder<ACC, OUT> window(WindowAssigner windowAssigner) {
      this.assigner = Objects.requireNonNull(windowAssigner, "window");
      return this;
    }

    /**
     * Sets the trigger; by default {@link Triggers#eventTime()} ({@link Triggers#processingTime()}
     * for processing-time windows, {@link Triggers#never()} for global).
     */
    public Builder<ACC, OUT> trigger(Trigger windowTrigger) {
      this.trigger = Objects.requireNonNull(windowTrigger, "trigger");
      return this;
    }

    /**
     * Keeps windows for {@code lateness} after their end, re-firing on each late message; default
     * 0. Event-time windows only: processing-time windows are never late, so {@link #build()}
     * rejects a lateness for them.
     */
    public Builder<ACC, OUT> allowedLateness(Duration lateness) {
      Objects.requireNonNull(lateness, "allowedLateness");
      if (lateness.isNegative()) {
        throw new IllegalArgumentException(
            "allowed lateness must not be negative, was " + lateness);
      }
      this.allowedLateness = Duration.ofMillis(lateness.toMillis());
      return this;
    }

    /**
     * Aggregates each window incrementally with {@code aggregate} and hands results to {@code
     * function}.
     */
    @SuppressWarnings("unchecked")
    public <A, O> Builder<A, O> aggregate(
        AggregateFunction<A, O> aggregate, WindowFunction<? super O> function) {
      requireNoFunction("aggregate");
      Builder<A, O> typed = (Builder<A, O>) (Builder<?, ?>) this;
      typed.aggregateFunction = Objects.requireNonNull(aggregate, "aggregate function");
      typed.windowFunction = Objects.requireNonNull(function, "window function");
      Objects.requireNonNull(aggregate.accumulatorType(), "accumulatorType() of " + aggregate);
      return typed;
    }

    /** Buffers each window's messages and hands them all to {@code function} when it fires. */
    @SuppressWarnings("unchecked")
    public Builder<Void, Void> process(ProcessWindowFunction function) {
      requireNoFunction("process");
      Builder<Void, Void> typed = (Builder<Void, Void>) (Builder<?, ?>) this;
      typed.processFunction = Objects.requireNonNull(function, "process window function");
      return typed;
    }

    /**
     * Buffers each window's messages and hands them to {@code function} when it fires, with the
     * window's and the key's state ({@link WindowContext}).
     *
     * <pre>{@code
     * WindowedFunctionSpec.builder(type).window(Windows.tumbling(Duration.ofMinutes(1)))
     *     .processWithState(firings).build();
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public Builder<Void, Void> processWithState(ProcessWindowFunction.WithState function) {
      requireNoFunction("processWithState");
      Builder<Void, Void> typed = (Builder<Void, Void>) (Builder<?, ?>) this;
      typed.statefulFunction = Objects.requireNonNull(function, "process window function");
      return typed;
    }

    /**
     * Evicts messages from each window when it fires ({@link Evictors}, or an {@link Evictor} of
     * your own), as Flink's {@code evictor}: windows then keep all their messages, an aggregate
     * too, which is folded over what is left at each firing.
     */
    public Builder<ACC, OUT> evictor(Evictor windowEvictor) {
      this.evictor = Objects.requireNonNull(windowEvictor, "evictor");
      return this;
    }

    /**
     * Sends messages whose windows are all late to {@code handler}, run as this function's address.
     * Event-time windows only: {@link #build()} rejects it for processing-time windows.
     */
    public Builder<ACC, OUT> onLateMessage(StatefulFunction handler) {
      this.lateMessageHandler = Objects.requireNonNull(handler, "late message handler");
      return this;
    }

    /**
     * Sets this type's handler timeout, as {@link FunctionSpec.Builder#withHandlerTimeout} does.
     */
    public Builder<ACC, OUT> handlerTimeout(Duration timeout) {
      this.handlerTimeout = FunctionSpec.checkHandlerTimeout(timeout);
      return this;
    }

    /** Validates and builds the spec. */
    public WindowedFunctionSpec<ACC, OUT> build() {
      if (assigner == null) {
        throw new IllegalStateException(
            "windowed function "
                + type
                + " has no window: call window(Windows.tumbling(...)) or another of Windows");
      }
      if (aggregateFunction == null && processFunction == null && statefulFunction == null) {
        throw new IllegalStateException(
            "windowed function "
                + type
                + " has no window function: call aggregate(...) or process(...) (or processWithState(...))");
      }
      checkProcessingTime();
      Trigger chosen = trigger != null ? trigger : defaultTrigger(assigner);
      if (assigner.isMerging() && !chosen.canMerge()) {
        throw new IllegalStateException(
            "trigger "
                + chosen
                + " of "
                + type
                + " cannot be used with "
                + assigner
                + ": session windows merge, and its canMerge() is false");
      }
      return new WindowedFunctionSpec<>(this, chosen);
    }

    private static Trigger defaultTrigger(WindowAssigner assigner) {
      if (assigner.kind() == WindowAssigner.Kind.GLOBAL) {
        return Triggers.never();
      }
      return assigner.isProcessingTime() ? Triggers.processingTime() : Triggers.eventTime();
    }

    /**
     * Flink accepts a lateness and a late output on processing-time windows and never uses them;
     * refusing them here tells the author at once instead.
     */
    private void checkProcessingTime() {
      if (!assigner.isProcessingTime()) {
        return;
      }
      if (!allowedLateness.isZero()) {
        throw new IllegalStateException(
            "windowed function "
                + type
                + " uses "
                + assigner
                + ": processing-time windows are never late, so allowedLateness must be 0, was "
                + allowedLateness);
      }
      if (lateMessageHandler != null) {
        throw new IllegalStateException(
            "windowed function "
                + type
                + " uses "
                + assigner
                + ": processing-time windows are never late, so onLateMessage(...) would never be called");
      }
    }

    private void requireNoFunction(String call) {
      if (aggregateFunction != null || processFunction != null || statefulFunction != null) {
        throw new IllegalStateException(
            "windowed function "
                + type
                + " already has a window function; "
                + call
                + "(...) may not be called too");
      }
    }
  }
}
