package io.eventide.sdk;

import java.util.function.Supplier;

/**
 * Where a {@link FunctionModule} registers its function types.
 *
 * <pre>{@code
 * registry.register(TypeName.of("shop", "counter"), Counter::new, Counter.COUNT);
 * }</pre>
 */
public interface FunctionRegistry {
  /**
   * Registers a function type, the factory of its instances and the state it may use; a handler
   * that touches a {@link ValueSpec} not listed here fails.
   */
  void register(TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state);
}
