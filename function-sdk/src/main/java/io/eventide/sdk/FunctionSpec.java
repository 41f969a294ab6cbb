package io.eventide.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A function type with its settings, for when {@link FunctionRegistry#register(TypeName, Supplier,
 * ValueSpec[])} is not enough: today, its own handler timeout. Immutable; validated by {@link
 * Builder#build()}.
 *
 * <pre>{@code
 * registry.register(FunctionSpec.builder(TypeName.of("shop", "enricher"))
 *     .withSupplier(Enricher::new)
 *     .withValueSpecs(Enricher.CACHE)
 *     .withHandlerTimeout(Duration.ofSeconds(5))
 *     .build());
 * }</pre>
 *
 * <p>A handler call (one message, or one timer) that runs longer than the handler timeout is a
 * failed attempt with the code {@code TIMEOUT}: retried with backoff like a handler that threw,
 * then dead-lettered. Its thread is interrupted and, if it does not return, abandoned: it holds its
 * memory until it returns, but no longer holds back other messages.
 */
public final class FunctionSpec {
  /** The longest handler timeout a spec may set. */
  public static final Duration MAX_HANDLER_TIMEOUT = Duration.ofHours(1);

  private final TypeName type;
  private final Supplier<? extends StatefulFunction> supplier;
  private final List<ValueSpec<?>> valueSpecs;
  private final Duration handlerTimeout;

  private FunctionSpec(Builder builder) {
    this.type = builder.type;
    this.supplier = builder.supplier;
    this.valueSpecs = builder.valueSpecs;
    this.handlerTimeout = builder.handlerTimeout;
  }

  /** Starts the spec of the function type {@code type}. */
  public static Builder builder(TypeName type) {
    return new Builder(Objects.requireNonNull(type, "type"));
  }

  public TypeName type() {
    return type;
  }

  /** Creates the type's instances. */
  public Supplier<? extends StatefulFunction> supplier() {
    return supplier;
  }

  /** The state the type may use. */
  public List<ValueSpec<?>> valueSpecs() {
    return valueSpecs;
  }

  /** The type's own handler timeout; empty: the platform's ({@code --handler-timeout}). */
  public Optional<Duration> handlerTimeout() {
    return Optional.ofNullable(handlerTimeout);
  }

  /** Checks a handler timeout: positive and at most {@link #MAX_HANDLER_TIMEOUT}. */
  static Duration checkHandlerTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "handler timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_HANDLER_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "handler timeout must be positive and at most "
              + MAX_HANDLER_TIMEOUT
              + ", was "
              + timeout);
    }
    return timeout;
  }

  /** Builds a {@link FunctionSpec}; not thread-safe. */
  public static final class Builder {
    private final TypeName type;
    private Supplier<? extends StatefulFunction> supplier;
    private List<ValueSpec<?>> valueSpecs = List.of();
    private Duration handlerTimeout;

    private Builder(TypeName type) {
      this.type = type;
    }

    public Builder withSupplier(Supplier<? extends StatefulFunction> supplier) {
      this.supplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    public Builder withValueSpecs(ValueSpec<?>... specs) {
      this.valueSpecs = List.of(specs);
      return this;
    }

    /** How long one handler call may run; see the class comment. */
    public Builder withHandlerTimeout(Duration timeout) {
      this.handlerTimeout = checkHandlerTimeout(timeout);
      return this;
    }

    public FunctionSpec build() {
      if (supplier == null) {
        throw new IllegalStateException(
            "function type " + type + " needs a supplier: call withSupplier");
      }
      return new FunctionSpec(this);
    }
  }
}
