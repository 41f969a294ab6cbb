package io.eventide.dispatcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  @Test
  void aFutureFailsWithTimeoutAtItsDeadlineAndNotBefore() {
    long begun = System.nanoTime();
    CompletableFuture<String> future = Deadlines.orTimeout(new CompletableFuture<>(), ms(200));

    Throwable error = future.handle((value, e) -> e).join();
    long tookMillis = (System.nanoTime() - begun) / 1_000_000;

    assertThat(error).isInstanceOf(TimeoutException.class);
    // Late by a 10 ms granule at most, plus however long a loaded machine takes to run the task.
    assertThat(tookMillis).isBetween(200L, 2_000L);
  }

  @Test
  void manyFuturesOfOneGranuleAllFailAndOnesCompletedInTimeKeepTheirValue() {
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      futures.add(Deadlines.orTimeout(new CompletableFuture<>(), ms(50)));
    }
    for (int i = 0; i < futures.size(); i += 2) {
      futures.get(i).complete(i);
    }
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<Integer> future = futures.get(i);
      if (i % 2 == 0) {
        assertThat(future.join()).isEqualTo(i);
      } else {
        assertThat(future.handle((value, e) -> e).join()).isInstanceOf(TimeoutException.class);
      }
    }
  }

  @Test
  void aFutureCompletedInTimeIsNotHeldUntilItsDeadline() {
    int before = Deadlines.waiting();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(Deadlines.orTimeout(new CompletableFuture<>(), Duration.ofHours(1)));
    }
    assertThat(Deadlines.waiting()).isGreaterThanOrEqualTo(before + 100);

    futures.forEach(f -> f.complete("done"));

    // Other tests' futures may come and go meanwhile; these hundred are gone at once.
    await().atMost(Duration.ofSeconds(5)).until(() -> Deadlines.waiting() <= before);
    assertThat(futures).allSatisfy(f -> assertThat(f.join()).isEqualTo("done"));
  }

  @Test
  void theGranuleGrowsWithTheTimeoutAtTenAndAThousandSeconds() {
    long tenMillis = Duration.ofMillis(10).toNanos();
    long oneSecond = Duration.ofSeconds(1).toNanos();
    long tenSeconds = Duration.ofSeconds(10).toNanos();
    assertThat(Deadlines.granuleNanos(Duration.ofNanos(1))).isEqualTo(tenMillis);
    assertThat(Deadlines.granuleNanos(Duration.ofSeconds(10))).isEqualTo(tenMillis);
    assertThat(Deadlines.granuleNanos(Duration.ofSeconds(10).plusNanos(1))).isEqualTo(oneSecond);
    assertThat(Deadlines.granuleNanos(Duration.ofSeconds(1_000))).isEqualTo(oneSecond);
    assertThat(Deadlines.granuleNanos(Duration.ofSeconds(1_000).plusNanos(1)))
        .isEqualTo(tenSeconds);
    assertThat(Deadlines.granuleNanos(Duration.ofHours(1))).isEqualTo(tenSeconds);
  }

  @Test
  void aDoneFutureIsReturnedAsItIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("x");
    assertThat(Deadlines.orTimeout(done, ms(1))).isSameAs(done);
    assertThat(done.join()).isEqualTo("x");
    CompletableFuture<String> failed = Deadlines.orTimeout(new CompletableFuture<>(), ms(1));
    assertThat(failed.handle((value, e) -> e).join())
        .isNotInstanceOf(CompletionException.class)
        .isInstanceOf(TimeoutException.class);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
