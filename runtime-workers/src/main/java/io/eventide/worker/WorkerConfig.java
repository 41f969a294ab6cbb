package io.eventide.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a runtime worker.
 *
 * @param maxConcurrentPerType invocations of one function type running at once (the size of the
 *     type's bulkhead thread pool)
 * @param queueCapacity invocations of one function type waiting for a thread; beyond it an
 *     invocation is answered {@code REJECTED}
 * @param invocationTimeout how long one invocation (all messages of one address in a batch) may
 *     take, queueing included, before it is answered {@code TIMEOUT}
 * @param maxJarBytes the largest jar {@link Deployments#deploy} accepts
 * @param scratchDir where loaded jars are unpacked to files for their class loaders
 */
public record WorkerConfig(
    int maxConcurrentPerType,
    int queueCapacity,
    Duration invocationTimeout,
    long maxJarBytes,
    Path scratchDir) {

  /** Default jar limit: 64 MiB. */
  public static final long DEFAULT_MAX_JAR_BYTES = 64L * 1024 * 1024;

  public WorkerConfig {
    if (maxConcurrentPerType < 1) {
      throw new IllegalArgumentException("maxConcurrentPerType must be ≥ 1, was " + maxConcurrentPerType);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be ≥ 0, was " + queueCapacity);
    }
    if (invocationTimeout.isNegative() || invocationTimeout.isZero()) {
      throw new IllegalArgumentException("invocationTimeout must be positive, was " + invocationTimeout);
    }
    if (maxJarBytes < 1) {
      throw new IllegalArgumentException("maxJarBytes must be ≥ 1, was " + maxJarBytes);
    }
    Objects.requireNonNull(scratchDir, "scratchDir");
  }

  /**
   * Threads per type = cores, queue 16,384, timeout 30 s, jars up to 64 MiB, scratch in tmp. The
   * queue has room for several full dispatcher batches (up to 4,000 addresses, one invocation
   * each, two batches per shard at the workers): with 1,024, windowed counting had hundreds of
   * invocations of every run rejected, each address then waiting out a retry backoff.
   */
  public static WorkerConfig defaults() {
    return new WorkerConfig(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        16_384,
        Duration.ofSeconds(30),
        DEFAULT_MAX_JAR_BYTES,
        Path.of(System.getProperty("java.io.tmpdir"), "eventide-worker"));
  }

  public WorkerConfig withMaxConcurrentPerType(int value) {
    return new WorkerConfig(value, queueCapacity, invocationTimeout, maxJarBytes, scratchDir);
  }

  public WorkerConfig withQueueCapacity(int value) {
    return new WorkerConfig(maxConcurrentPerType, value, invocationTimeout, maxJarBytes, scratchDir);
  }

  public WorkerConfig withInvocationTimeout(Duration value) {
    return new WorkerConfig(maxConcurrentPerType, queueCapacity, value, maxJarBytes, scratchDir);
  }

  public WorkerConfig withMaxJarBytes(long value) {
    return new WorkerConfig(maxConcurrentPerType, queueCapacity, invocationTimeout, value, scratchDir);
  }

  public WorkerConfig withScratchDir(Path value) {
    return new WorkerConfig(maxConcurrentPerType, queueCapacity, invocationTimeout, maxJarBytes, value);
  }
}
