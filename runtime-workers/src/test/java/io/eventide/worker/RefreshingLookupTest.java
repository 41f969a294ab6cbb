package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A worker's look-up of types deployed elsewhere: over a view and a reader that stand for {@link
 * StoreDeployments} and its catalog read, so that a refresh can be held mid-way.
 */
class RefreshingLookupTest {
  private static final long INTERVAL_MILLIS = 500;

  private final Map<String, RegisteredFunction> served = new ConcurrentHashMap<>();
  private final FunctionLookup view =
      (namespace, type) -> Optional.ofNullable(served.get(namespace + "/" + type));
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  void aMissWhileARefreshLoadsTheTypeWaitsForThatRefreshAndFindsIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    // The refresh stands for a worker loading the new jar: the type is served once it is done.
    RefreshingLookup lookup =
        new RefreshingLookup(
            view,
            () -> {
              reads.incrementAndGet();
              HeldRefreshes.hold(release);
              served.put("acme/counter", HeldRefreshes.function("acme", "counter", "d-1"));
            },
            INTERVAL_MILLIS,
            nanos::get);
    Thread periodic = new Thread(lookup::refresh, "periodic-refresh");
    periodic.start();
    await("the refresh under way").atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1);

    AtomicReference<Optional<RegisteredFunction>> answer = new AtomicReference<>();
    // Answered from the view before the refresh, it would be empty and the thread done by now.
    Thread invocation =
        HeldRefreshes.startBlocked(() -> answer.set(lookup.function("acme", "counter")));
    release.countDown();
    invocation.join(TimeUnit.SECONDS.toMillis(10));
    periodic.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(answer.get()).contains(served.get("acme/counter"));
    assertThat(reads).as("found by the refresh it waited for, not read again").hasValue(1);
  }

  @Test
  void missesOfATypeNotDeployedReadTheCatalogAtMostOncePerInterval() {
    RefreshingLookup lookup =
        new RefreshingLookup(view, reads::incrementAndGet, INTERVAL_MILLIS, nanos::get);

    assertThat(lookup.function("acme", "ghost")).isEmpty();
    assertThat(lookup.function("acme", "ghost")).isEmpty();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS) - 1);
    assertThat(lookup.function("acme", "ghost")).isEmpty();
    assertThat(reads).hasValue(1);

    nanos.addAndGet(1);
    assertThat(lookup.function("acme", "ghost")).isEmpty();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aPeriodicRefreshCountsAsTheIntervalsRead() {
    RefreshingLookup lookup =
        new RefreshingLookup(view, reads::incrementAndGet, INTERVAL_MILLIS, nanos::get);

    lookup.refresh();
    assertThat(lookup.function("acme", "ghost")).isEmpty();

    assertThat(reads).hasValue(1);
  }

  @Test
  void aMissFoundByItsOwnRefreshIsServed() {
    RefreshingLookup lookup =
        new RefreshingLookup(
            view,
            () -> {
              reads.incrementAndGet();
              served.put("acme/counter", HeldRefreshes.function("acme", "counter", "d-1"));
            },
            INTERVAL_MILLIS,
            nanos::get);

    assertThat(lookup.function("acme", "counter")).isPresent();
    assertThat(lookup.function("acme", "counter")).isPresent();
    assertThat(reads).as("a hit reads nothing").hasValue(1);
  }
}
