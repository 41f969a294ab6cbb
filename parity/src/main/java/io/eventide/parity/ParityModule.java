package io.eventide.parity;

import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;

/**
 * Registers one windowed function type per parity configuration and lane ({@code
 * parity/<config>-<lane>}); the parity tests deploy this module's jar to a node, which finds this
 * class through {@code META-INF/services/io.eventide.sdk.FunctionModule}.
 *
 * <pre>
 * curl -X POST 'localhost:7070/v1/deployments?name=parity' \
 *     -H 'Content-Type: application/java-archive' --data-binary @parity/target/parity-0.1.0-SNAPSHOT.jar
 * </pre>
 */
public final class ParityModule implements FunctionModule {
  @Override
  public void configure(FunctionRegistry registry) {
    for (ParityConfig config : ParityConfig.values()) {
      for (Lane lane : Lane.values()) {
        registry.register(ParityFunctions.spec(config, lane));
      }
    }
  }
}
