package io.eventide.dispatcher.api;

import java.time.Duration;

/**
 * Settings of a dispatcher.
 *
 * @param nodeId this node's id, recorded as lease owner
 * @param keyGroups the number of key groups G (fixed for a cluster's lifetime)
 * @param shards processing threads; key group {@code kg} belongs to shard {@code kg mod shards}
 * @param maxBatchMessages most messages in one invocation batch (and one commit)
 * @param maxBatchBytes most payload bytes in one batch
 * @param maxAttempts attempts of a failing message before it is dead-lettered
 * @param retryBackoff first backoff after a failure; doubles (with jitter) per attempt
 * @param maxRetryBackoff the longest backoff
 * @param backlogLimit pending messages per key group beyond which ingress answers OVERLOADED
 * @param invocationTimeout how long a batch may take at the workers before it is retried
 * @param stateCacheEntries addresses whose state each shard keeps in memory
 * @param maxPendingCalls calls waiting for replies at once
 * @param dedupRetention how long an idempotency key is remembered
 * @param egressRetention how long log egress records are kept
 */
public record DispatcherConfig(
    String nodeId,
    int keyGroups,
    int shards,
    int maxBatchMessages,
    int maxBatchBytes,
    int maxAttempts,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    long backlogLimit,
    Duration invocationTimeout,
    int stateCacheEntries,
    int maxPendingCalls,
    Duration dedupRetention,
    Duration egressRetention) {

  public DispatcherConfig {
    if (keyGroups < 1 || keyGroups > 65_536) {
      throw new IllegalArgumentException("keyGroups must be 1..65536, was " + keyGroups);
    }
    if (shards < 1 || shards > keyGroups) {
      throw new IllegalArgumentException("shards must be 1..keyGroups, was " + shards);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    requirePositive("dedupRetention", dedupRetention);
    requirePositive("egressRetention", egressRetention);
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }

  /**
   * Defaults for one machine. One shard per two cores: a shard keeps several commits in flight, so
   * it is rarely the bottleneck, and on two cores a second shard only halved batch sizes and took
   * CPU from ingestion (NDJSON: 49-57k events/s with two shards, 68-70k/s with one).
   */
  public static DispatcherConfig defaults(String nodeId) {
    int shards = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    return new DispatcherConfig(
        nodeId,
        256,
        shards,
        4_000,
        4 << 20,
        4,
        Duration.ofMillis(100),
        Duration.ofSeconds(10),
        200_000,
        Duration.ofSeconds(60),
        200_000,
        100_000,
        Duration.ofHours(24),
        Duration.ofDays(7));
  }

  public DispatcherConfig withKeyGroups(int groups) {
    return new DispatcherConfig(
        nodeId,
        groups,
        Math.min(shards, groups),
        maxBatchMessages,
        maxBatchBytes,
        maxAttempts,
        retryBackoff,
        maxRetryBackoff,
        backlogLimit,
        invocationTimeout,
        stateCacheEntries,
        maxPendingCalls,
        dedupRetention,
        egressRetention);
  }

  /** With {@code count} shards (processing threads), at most one per key group. */
  public DispatcherConfig withShards(int count) {
    return new DispatcherConfig(
        nodeId,
        keyGroups,
        Math.min(count, keyGroups),
        maxBatchMessages,
        maxBatchBytes,
        maxAttempts,
        retryBackoff,
        maxRetryBackoff,
        backlogLimit,
        invocationTimeout,
        stateCacheEntries,
        maxPendingCalls,
        dedupRetention,
        egressRetention);
  }

  public DispatcherConfig withRetries(int attempts, Duration backoff) {
    return new DispatcherConfig(
        nodeId,
        keyGroups,
        shards,
        maxBatchMessages,
        maxBatchBytes,
        attempts,
        backoff,
        maxRetryBackoff,
        backlogLimit,
        invocationTimeout,
        stateCacheEntries,
        maxPendingCalls,
        dedupRetention,
        egressRetention);
  }

  public DispatcherConfig withBacklogLimit(long limit) {
    return new DispatcherConfig(
        nodeId,
        keyGroups,
        shards,
        maxBatchMessages,
        maxBatchBytes,
        maxAttempts,
        retryBackoff,
        maxRetryBackoff,
        limit,
        invocationTimeout,
        stateCacheEntries,
        maxPendingCalls,
        dedupRetention,
        egressRetention);
  }

  public DispatcherConfig withDedupRetention(Duration retention) {
    return new DispatcherConfig(
        nodeId,
        keyGroups,
        shards,
        maxBatchMessages,
        maxBatchBytes,
        maxAttempts,
        retryBackoff,
        maxRetryBackoff,
        backlogLimit,
        invocationTimeout,
        stateCacheEntries,
        maxPendingCalls,
        retention,
        egressRetention);
  }

  public DispatcherConfig withEgressRetention(Duration retention) {
    return new DispatcherConfig(
        nodeId,
        keyGroups,
        shards,
        maxBatchMessages,
        maxBatchBytes,
        maxAttempts,
        retryBackoff,
        maxRetryBackoff,
        backlogLimit,
        invocationTimeout,
        stateCacheEntries,
        maxPendingCalls,
        dedupRetention,
        retention);
  }

  public DispatcherConfig withInvocationTimeout(Duration timeout) {
    return new DispatcherConfig(
        nodeId,
        keyGroups,
        shards,
        maxBatchMessages,
        maxBatchBytes,
        maxAttempts,
        retryBackoff,
        maxRetryBackoff,
        backlogLimit,
        timeout,
        stateCacheEntries,
        maxPendingCalls,
        dedupRetention,
        egressRetention);
  }
}
