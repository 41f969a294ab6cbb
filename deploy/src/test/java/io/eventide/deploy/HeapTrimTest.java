package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
  private static final Duration IDLE = Duration.ofSeconds(10);

  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicLong committed = new AtomicLong(HeapTrim.WORTH_BYTES);
  private final AtomicLong leftByTrim = new AtomicLong(HeapTrim.WORTH_BYTES);
  private final AtomicInteger trims = new AtomicInteger();
  private final HeapTrim heapTrim =
      new HeapTrim(
          IDLE,
          collections::get,
          clock::get,
          committed::get,
          () -> {
            trims.incrementAndGet();
            collections.incrementAndGet(); // the trim's own full collection
            committed.set(leftByTrim.get());
          });

  @Test
  void trimsOnceIdleForExactlyTheIdleTimeAndNotBefore() {
    assertThat(heapTrim.check()).isFalse(); // first look: the clock starts
    clock.addAndGet(IDLE.toNanos() - 1);
    assertThat(heapTrim.check()).isFalse();
    clock.addAndGet(1);
    assertThat(heapTrim.check()).isTrue();
    assertThat(trims).hasValue(1);
  }

  @Test
  void trimsOncePerIdlePeriodAndAgainAfterNewWork() {
    heapTrim.check();
    clock.addAndGet(IDLE.toNanos());
    assertThat(heapTrim.check()).isTrue();
    clock.addAndGet(IDLE.toNanos() * 5);
    assertThat(heapTrim.check()).as("its own collection is not work").isFalse();

    collections.incrementAndGet(); // a burst, which grew the heap
    committed.addAndGet(HeapTrim.WORTH_BYTES);
    assertThat(heapTrim.check()).isFalse();
    clock.addAndGet(IDLE.toNanos());
    assertThat(heapTrim.check()).isTrue();
    assertThat(trims).hasValue(2);
  }

  @Test
  void aCollectionRestartsTheIdleClock() {
    heapTrim.check();
    clock.addAndGet(IDLE.toNanos() - 1);
    collections.incrementAndGet();
    assertThat(heapTrim.check()).isFalse();
    clock.addAndGet(IDLE.toNanos() - 1);
    assertThat(heapTrim.check()).isFalse();
    clock.addAndGet(1);
    assertThat(heapTrim.check()).isTrue();
  }

  @Test
  void trimsAgainOnlyOnceTheHeapGrewSixteenMegabytesSinceTheLastTrim() {
    committed.set(HeapTrim.WORTH_BYTES - 1);
    heapTrim.check();
    clock.addAndGet(IDLE.toNanos());
    assertThat(heapTrim.check()).as("less than 16 MB committed").isFalse();
    committed.set(HeapTrim.WORTH_BYTES);
    leftByTrim.set(40L << 20);
    assertThat(heapTrim.check()).isTrue();

    collections.incrementAndGet(); // work, then idle again
    heapTrim.check();
    clock.addAndGet(IDLE.toNanos());
    committed.set((40L << 20) + HeapTrim.WORTH_BYTES - 1);
    assertThat(heapTrim.check()).isFalse();
    committed.set((40L << 20) + HeapTrim.WORTH_BYTES);
    assertThat(heapTrim.check()).isTrue();
    assertThat(trims).hasValue(2);
  }

  @Test
  void theTrimCollectsAndRestoresTheFreeRatios() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    long before = HeapTrim.collectionCount();
    HeapTrim.trimNow();
    assertThat(HeapTrim.collectionCount()).isGreaterThan(before);
    assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
    assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
  }
}
