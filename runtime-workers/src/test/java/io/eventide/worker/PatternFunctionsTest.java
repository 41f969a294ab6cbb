package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.catalog.PatternCatalog;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster worker's look-up of pattern types beside deployments made elsewhere: the deployments'
 * refresh is held mid-way (it stands for a worker loading a jar), the patterns are in a real store.
 */
class PatternFunctionsTest {
  private static final String PATTERN =
      "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": [{\"name\": \"small\", \"where\":"
          + " {\"field\": \"amount\", \"op\": \"<\", \"value\": 1}}]}, \"output\": {\"egress\":"
          + " \"alerts\"}}";

  @TempDir Path dir;

  private final Map<String, RegisteredFunction> served = new ConcurrentHashMap<>();
  private final FunctionLookup view =
      (namespace, type) -> Optional.ofNullable(served.get(namespace + "/" + type));
  private final AtomicInteger reads = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private Store store;
  private PatternCatalog patterns;
  private RefreshingLookup deployments;
  private Thread periodic;

  @BeforeEach
  void holdARefreshOfTheDeployments() {
    store = Stores.rocksdb(dir.resolve("store"));
    patterns = new PatternCatalog(store, new Keyspace("it"));
    deployments =
        new RefreshingLookup(
            view,
            () -> {
              reads.incrementAndGet();
              HeldRefreshes.hold(release);
              served.put("acme/counter", HeldRefreshes.function("acme", "counter", "d-1"));
            },
            500,
            System::nanoTime);
    periodic = new Thread(deployments::refresh, "periodic-refresh");
    periodic.start();
    await("the refresh under way").atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1);
  }

  @AfterEach
  void releaseIt() throws InterruptedException {
    release.countDown();
    periodic.join(TimeUnit.SECONDS.toMillis(10));
    store.close();
  }

  @Test
  void aPatternTypeIsServedWhileTheDeploymentsAreBeingRefreshed() {
    patterns.put("small", "fraud/card", PATTERN.getBytes(StandardCharsets.UTF_8), 1);
    PatternFunctions lookup = new PatternFunctions(deployments, patterns, 500, System::nanoTime);

    AtomicReference<Optional<RegisteredFunction>> answer = new AtomicReference<>();
    new Thread(() -> answer.set(lookup.function("fraud", "card")), "invocation").start();
    // Waiting for the held refresh, it would not answer until the test released it.
    await("served without waiting for the refresh")
        .atMost(Duration.ofSeconds(10))
        .until(() -> answer.get() != null);
    Optional<RegisteredFunction> found = answer.get();

    assertThat(found).map(RegisteredFunction::deploymentId).contains("pattern:small");
    assertThat(periodic.isAlive()).as("the refresh still held").isTrue();
    assertThat(lookup.known("fraud", "card")).isEqualTo(found);
  }

  @Test
  void aTypeNeitherKnowsWaitsForTheRefreshUnderWayAndIsFoundByIt() throws Exception {
    PatternFunctions lookup = new PatternFunctions(deployments, patterns, 500, System::nanoTime);
    assertThat(lookup.known("acme", "counter")).as("known, without waiting").isEmpty();

    AtomicReference<Optional<RegisteredFunction>> answer = new AtomicReference<>();
    Thread invocation =
        HeldRefreshes.startBlocked(() -> answer.set(lookup.function("acme", "counter")));
    release.countDown();
    invocation.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(answer.get()).map(RegisteredFunction::deploymentId).contains("d-1");
    assertThat(reads).as("found by the refresh it waited for").hasValue(1);
  }

  @Test
  void theDeploymentsViewWinsWhereBothViewsClaimAType() {
    // The catalogs refuse both at once; a view lagging behind a delete can still hold both.
    patterns.put("small", "fraud/card", PATTERN.getBytes(StandardCharsets.UTF_8), 1);
    served.put("fraud/card", HeldRefreshes.function("fraud", "card", "d-2"));
    PatternFunctions lookup = new PatternFunctions(deployments, patterns, 500, System::nanoTime);

    assertThat(lookup.function("fraud", "card"))
        .map(RegisteredFunction::deploymentId)
        .contains("d-2");
    assertThat(lookup.patternTypes()).containsExactly("fraud/card");
  }
}
