package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
  private static final Duration IDLE = Duration.ofSeconds(10);

  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicBoolean worth = new AtomicBoolean(true);
  private final AtomicInteger trims = new AtomicInteger();
  private final HeapTrim heapTrim =
      new HeapTrim(
          IDLE,
          collections::get,
          clock::get,
          worth::get,
          () -> {
            trims.incrementAndGet();
            collections.incrementAndGet(); // the trim's own full collection
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

    collections.incrementAndGet(); // a burst
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
  void noTrimWhenTheHeapHasLittleToGiveBack() {
    worth.set(false);
    heapTrim.check();
    clock.addAndGet(IDLE.toNanos() * 3);
    assertThat(heapTrim.check()).isFalse();
    worth.set(true);
    assertThat(heapTrim.check()).isTrue();
  }

  @Test
  void worthItFromSixteenMegabytesAndAQuarterOfTheUseFree() {
    long mb = 1L << 20;
    assertThat(HeapTrim.worth(10 * mb + HeapTrim.WORTH_BYTES, 10 * mb)).isTrue();
    assertThat(HeapTrim.worth(10 * mb + HeapTrim.WORTH_BYTES - 1, 10 * mb)).isFalse();
    assertThat(HeapTrim.worth(125 * mb, 100 * mb)).isTrue();
    assertThat(HeapTrim.worth(125 * mb - 1, 100 * mb)).isFalse();
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
