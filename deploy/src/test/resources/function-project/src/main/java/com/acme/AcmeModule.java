package com.acme;

import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;

/** Found by the node through META-INF/services/io.eventide.sdk.FunctionModule. */
public final class AcmeModule implements FunctionModule {
  @Override
  public void configure(FunctionRegistry registry) {
    registry.register(Tally.TYPE, Tally::new, Tally.TOTAL);
    registry.register(Audit.TYPE, Audit::new, Audit.ENTRIES);
  }
}
