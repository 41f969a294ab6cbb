package io.eventide.worker.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.PatternCatalog;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.PatternFunctions;
import io.eventide.worker.StoreDeployments;
import io.eventide.worker.api.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker serves the input type of a JSON pattern put in the store, and follows its changes. */
class PatternFunctionsExamplesTest {
  @TempDir Path dir;

  static final String PATTERN =
      "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": [{\"name\": \"small\", \"where\":"
          + " {\"field\": \"amount\", \"op\": \"<\", \"value\": 1}}]}, \"output\": {\"egress\":"
          + " \"alerts\"}}";

  @Test
  void aWorkerServesAPatternsInputType() {
    WorkerConfig config = WorkerConfig.defaults();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Store store = Stores.rocksdb(dir.resolve("store"));
        DeploymentCatalog catalog = new DeploymentCatalog(store, new Keyspace("it"));
        StoreDeployments deployments = new StoreDeployments(catalog, config)) {
      PatternCatalog patterns = new PatternCatalog(store, new Keyspace("it"));
      // javadoc: PatternFunctions
      PatternFunctions lookup = new PatternFunctions(deployments, patterns, 500, System::nanoTime);
      FunctionRuntimeService runtime = new FunctionRuntimeService(lookup, config, meters);
      // end javadoc
      try (runtime) {
        assertThat(lookup.function("fraud", "card")).isEmpty();
        byte[] body = PATTERN.getBytes(StandardCharsets.UTF_8);
        patterns.put("small", "fraud/card", body, 1);
        lookup.invalidate();
        var first = lookup.function("fraud", "card").orElseThrow();
        assertThat(first.deploymentId()).isEqualTo("pattern:small");
        assertThat(lookup.function("fraud", "card").orElseThrow()).isSameAs(first);
        assertThat(lookup.patternTypes()).containsExactly("fraud/card");

        patterns.put("small", "fraud/card", body, 2);
        lookup.invalidate();
        assertThat(lookup.function("fraud", "card").orElseThrow()).isNotSameAs(first);

        patterns.delete("small");
        lookup.invalidate();
        assertThat(lookup.function("fraud", "card")).isEmpty();
      }
    }
  }
}
