package io.eventide.sdk;

/**
 * The entry point of a deployed jar: Eventide finds implementations with {@link
 * java.util.ServiceLoader}, so list yours in {@code
 * META-INF/services/io.eventide.sdk.FunctionModule}.
 *
 * <pre>{@code
 * public final class ShopModule implements FunctionModule {
 *   public void configure(FunctionRegistry registry) {
 *     registry.register(TypeName.of("shop", "counter"), Counter::new, Counter.COUNT);
 *   }
 * }
 * }</pre>
 */
public interface FunctionModule {
  /** Registers the module's function types. */
  void configure(FunctionRegistry registry);
}
