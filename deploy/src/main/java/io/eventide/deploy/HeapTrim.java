package io.eventide.deploy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap a burst made the collector commit back to the operating system once the process
 * has been idle a while: one full collection with {@code MaxHeapFreeRatio} lowered for its
 * duration. Parallel GC never shrinks the heap on its own after a burst; at a million idle keys the
 * old generation kept twice what was live (benchmarks/README.md, "Issue 23: one memory budget";
 * docs/decisions/node-memory-budget.md).
 *
 * <p>Idle means no collection for {@link #IDLE}: a process that allocates nothing has nothing to
 * slow down. It trims once per idle period, and only when the committed heap grew by at least
 * {@link #WORTH_BYTES} since the last trim, so a node with light steady traffic does not pay a full
 * collection again and again for nothing. (How much of the heap is live is unknown until the
 * collection: after a burst the old generation is full of dead state-cache entries.)
 */
final class HeapTrim {
  private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);

  /** How long without any collection before the process counts as idle. */
  static final Duration IDLE = Duration.ofSeconds(10);

  /** How much the committed heap must have grown since the last trim to trim again. */
  static final long WORTH_BYTES = 16L << 20;

  /** {@code MaxHeapFreeRatio} during the trim's collection, in percent. */
  static final int TRIM_MAX_FREE_PERCENT = 10;

  private final long idleNanos;
  private final LongSupplier collections;
  private final LongSupplier nanoClock;
  private final LongSupplier committed;
  private final Runnable trim;
  private long committedAfterTrim;
  private long lastCount = -1;
  private long quietSince;
  private boolean trimmed;

  /**
   * @param idle how long without a collection before a trim
   * @param collections the number of collections so far
   * @param nanoClock a monotonic clock
   * @param committed the heap's committed bytes
   * @param trim the trim itself
   */
  HeapTrim(
      Duration idle,
      LongSupplier collections,
      LongSupplier nanoClock,
      LongSupplier committed,
      Runnable trim) {
    this.idleNanos = idle.toNanos();
    this.collections = collections;
    this.nanoClock = nanoClock;
    this.committed = committed;
    this.trim = trim;
  }

  /** Trims this JVM's heap when idle, checking every second; close to stop. */
  static AutoCloseable start() {
    HeapTrim heapTrim =
        new HeapTrim(
            IDLE,
            HeapTrim::collectionCount,
            System::nanoTime,
            () -> Runtime.getRuntime().totalMemory(),
            HeapTrim::trimNow);
    return Periodic.every("heap-trim", Duration.ofSeconds(1), heapTrim::check);
  }

  /** One look at the collector; returns whether it trimmed. */
  boolean check() {
    long count = collections.getAsLong();
    long now = nanoClock.getAsLong();
    if (count != lastCount) {
      lastCount = count;
      quietSince = now;
      trimmed = false;
      return false;
    }
    if (trimmed
        || now - quietSince < idleNanos
        || committed.getAsLong() < committedAfterTrim + WORTH_BYTES) {
      return false;
    }
    trim.run();
    committedAfterTrim = committed.getAsLong();
    // The trim's own collection is not activity: the next trim waits for real work.
    lastCount = collections.getAsLong();
    trimmed = true;
    return true;
  }

  static long collectionCount() {
    long count = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
    }
    return count;
  }

  /**
   * A full collection with {@code MinHeapFreeRatio} 0 and {@code MaxHeapFreeRatio} {@link
   * #TRIM_MAX_FREE_PERCENT}, both restored after it. Parallel GC resizes at an explicit collection
   * only with {@code -XX:+UseAdaptiveSizePolicyWithSystemGC}, which the launcher sets.
   */
  static void trimNow() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    String min = vm.getVMOption("MinHeapFreeRatio").getValue();
    String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
    long before = Runtime.getRuntime().totalMemory();
    // Min first: the JVM refuses a maximum below the minimum.
    vm.setVMOption("MinHeapFreeRatio", "0");
    try {
      vm.setVMOption("MaxHeapFreeRatio", Integer.toString(TRIM_MAX_FREE_PERCENT));
      try {
        System.gc();
      } finally {
        vm.setVMOption("MaxHeapFreeRatio", max);
      }
    } finally {
      vm.setVMOption("MinHeapFreeRatio", min);
    }
    LOG.info(
        "idle: heap committed {} MB -> {} MB",
        before >> 20,
        Runtime.getRuntime().totalMemory() >> 20);
  }
}
