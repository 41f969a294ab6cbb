package io.eventide.sdk.examples;

import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.TypeName;

// The module of the Javadoc (FunctionModule), which the FunctionTestDriver examples install.
// javadoc: FunctionModule
public final class ShopModule implements FunctionModule {
  public void configure(FunctionRegistry registry) {
    registry.register(TypeName.of("shop", "counter"), Counter::new, Counter.COUNT);
  }
}
// end javadoc
