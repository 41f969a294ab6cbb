package io.eventide.sdk;

import java.util.function.Supplier;

/**
 * Where a {@link FunctionModule} registers its function types.
 *
 * <pre>{@code
 * registry.register(TypeName.of("shop", "counter"), Counter::new, Counter.COUNT);
 * registry.register(WindowedFunctionSpec.builder(TypeName.of("shop", "clicks-per-minute"))
 *     .window(Windows.tumbling(Duration.ofMinutes(1))).aggregate(count, emit).build());
 * registry.register(SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)).build());
 * }</pre>
 */
public interface FunctionRegistry {
  /**
   * Registers a function type, the factory of its instances and the state it may use; a handler
   * that touches a {@link ValueSpec} not listed here fails.
   */
  void register(TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state);

  /**
   * Registers a function type with its settings ({@link FunctionSpec}). A registry that knows no
   * settings registers the type and its state alone.
   *
   * <pre>{@code
   * registry.register(FunctionSpec.builder(TypeName.of("shop", "enricher"))
   *     .withSupplier(Enricher::new).withHandlerTimeout(Duration.ofSeconds(5)).build());
   * }</pre>
   */
  default void register(FunctionSpec spec) {
    register(spec.type(), spec.supplier(), spec.valueSpecs().toArray(ValueSpec<?>[]::new));
  }

  /**
   * Registers a windowed function type; the platform keeps its windows in the type's state and
   * drives them with event-time timers.
   *
   * @throws UnsupportedOperationException when this registry cannot run windowed functions
   */
  default void register(WindowedFunctionSpec<?, ?> spec) {
    throw new UnsupportedOperationException(
        "windowed functions are not supported by this registry");
  }

  /**
   * Declares how the watermark of an ingress source is derived (see {@link SourceSpec}); the
   * launcher's {@code --source} setting for the same name wins over it. Registering the same spec
   * twice is harmless; two different specs for one source name are an error of the deployment.
   *
   * <pre>{@code
   * registry.register(SourceSpec.named("clicks").idleTimeout(Duration.ofSeconds(30)).build());
   * }</pre>
   *
   * @throws UnsupportedOperationException when this registry does not configure sources
   */
  default void register(SourceSpec spec) {
    throw new UnsupportedOperationException("source settings are not supported by this registry");
  }
}
