package io.eventide.worker.api;

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
 * @param handlerTimeout how long one handler call (a message or a timer) may run before its
 *     invocation is answered {@code TIMEOUT} and its thread abandoned, unless its function type
 *     sets its own ({@code FunctionSpec.withHandlerTimeout})
 * @param maxJarBytes the largest jar this worker checks or loads
 * @param scratchDir where loaded jars are unpacked to files for their class loaders
 * @param maxBlockedPerType threads of a function type that may be blocked in handlers (waiting,
 *     sleeping, or past their timeout and abandoned) and still be replaced by a fresh thread each;
 *     past it the type runs on the threads it has left
 */
public record WorkerConfig(
    int maxConcurrentPerType,
    int queueCapacity,
    Duration handlerTimeout,
    long maxJarBytes,
    Path scratchDir,
    int maxBlockedPerType) {

  /** Default jar limit: 64 MiB. */
  public static final long DEFAULT_MAX_JAR_BYTES = 64L * 1024 * 1024;

  public WorkerConfig {
    if (maxConcurrentPerType < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentPerType must be ≥ 1, was " + maxConcurrentPerType);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be ≥ 0, was " + queueCapacity);
    }
    if (handlerTimeout.isNegative() || handlerTimeout.isZero()) {
      throw new IllegalArgumentException("handlerTimeout must be positive, was " + handlerTimeout);
    }
    if (maxBlockedPerType < 0) {
      throw new IllegalArgumentException("maxBlockedPerType must be ≥ 0, was " + maxBlockedPerType);
    }
    if (maxJarBytes < 1) {
      throw new IllegalArgumentException("maxJarBytes must be ≥ 1, was " + maxJarBytes);
    }
    Objects.requireNonNull(scratchDir, "scratchDir");
  }

  /** Default handler timeout: 30 s. */
  public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Threads per type = cores, queue 16,384, handler timeout 30 s, jars up to 64 MiB, scratch in
   * tmp, 256 blocked threads per type. The queue has room for several full dispatcher batches (up
   * to 4,000 addresses, one invocation each, two batches per shard at the workers): with 1,024,
   * windowed counting had hundreds of invocations of every run rejected, each address then waiting
   * out a retry backoff.
   */
  public static WorkerConfig defaults() {
    return new WorkerConfig(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        16_384,
        DEFAULT_HANDLER_TIMEOUT,
        DEFAULT_MAX_JAR_BYTES,
        Path.of(System.getProperty("java.io.tmpdir"), "eventide-worker"),
        256);
  }

  public WorkerConfig withMaxConcurrentPerType(int value) {
    return new WorkerConfig(
        value, queueCapacity, handlerTimeout, maxJarBytes, scratchDir, maxBlockedPerType);
  }

  public WorkerConfig withQueueCapacity(int value) {
    return new WorkerConfig(
        maxConcurrentPerType, value, handlerTimeout, maxJarBytes, scratchDir, maxBlockedPerType);
  }

  public WorkerConfig withHandlerTimeout(Duration value) {
    return new WorkerConfig(
        maxConcurrentPerType, queueCapacity, value, maxJarBytes, scratchDir, maxBlockedPerType);
  }

  public WorkerConfig withMaxJarBytes(long value) {
    return new WorkerConfig(
        maxConcurrentPerType, queueCapacity, handlerTimeout, value, scratchDir, maxBlockedPerType);
  }

  public WorkerConfig withScratchDir(Path value) {
    return new WorkerConfig(
        maxConcurrentPerType, queueCapacity, handlerTimeout, maxJarBytes, value, maxBlockedPerType);
  }

  public WorkerConfig withMaxBlockedPerType(int value) {
    return new WorkerConfig(
        maxConcurrentPerType, queueCapacity, handlerTimeout, maxJarBytes, scratchDir, value);
  }
}
