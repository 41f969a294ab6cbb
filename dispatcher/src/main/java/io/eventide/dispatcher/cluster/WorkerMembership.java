package io.eventide.dispatcher.cluster;

import io.eventide.dispatcher.api.Daemons;
import io.eventide.protocol.MemberRecord;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runtime worker's presence in the cluster: a heartbeat record under {@code workers/<node-id>}
 * with the endpoint dispatchers invoke it at. A worker that stops heartbeating drops out of every
 * dispatcher's pool within {@code ttl}; one that leaves cleanly drops out at the pool's next read.
 *
 * <pre>{@code
 * WorkerMembership membership = WorkerMembership.start(runner, keyspace, "w1", endpoint, ttl);
 * try (membership) {
 *   serve(); // the membership is renewed every ttl/4, and leaves the directory once closed
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Heartbeats run on a thread of their own; {@link #close} is idempotent.
 */
public final class WorkerMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMembership.class);

  private final TransactionRunner runner;
  private final Keyspace keyspace;
  private final String nodeId;
  private final String endpoint;
  private final Duration ttl;
  private final long joinedAt = System.currentTimeMillis();
  private final ScheduledExecutorService heartbeats;
  private boolean closed;

  private WorkerMembership(
      TransactionRunner runner, Keyspace keyspace, String nodeId, String endpoint, Duration ttl) {
    this.runner = runner;
    this.keyspace = keyspace;
    this.nodeId = nodeId;
    this.endpoint = endpoint;
    this.ttl = ttl;
    this.heartbeats = Daemons.scheduler("eventide-worker-heartbeat");
  }

  /** Writes the first heartbeat (failing if the store cannot be reached), then one every ttl/4. */
  public static WorkerMembership start(
      TransactionRunner runner, Keyspace keyspace, String nodeId, String endpoint, Duration ttl) {
    WorkerMembership membership = new WorkerMembership(runner, keyspace, nodeId, endpoint, ttl);
    membership.heartbeat();
    long every = Math.max(1, ttl.toMillis() / 4);
    membership.heartbeats.scheduleAtFixedRate(
        membership::heartbeatLogged, every, every, TimeUnit.MILLISECONDS);
    return membership;
  }

  private void heartbeat() {
    long now = System.currentTimeMillis();
    MemberRecord record =
        MemberRecord.newBuilder()
            .setNodeId(nodeId)
            .setEndpoint(endpoint)
            .setExpiresAt(now + ttl.toMillis())
            .setJoinedAt(joinedAt)
            .build();
    runner.run(
        tx -> {
          tx.set(keyspace.worker(nodeId), record.toByteArray());
          return null;
        });
  }

  private void heartbeatLogged() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      LOG.warn(
          "heartbeat of worker {} failed; dispatchers keep it for up to {} after the last one",
          nodeId,
          ttl,
          e);
    }
  }

  /** Stops heartbeating and removes the record, so dispatchers stop sending here at once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeats.shutdownNow();
    try {
      runner.run(
          tx -> {
            tx.clear(keyspace.worker(nodeId));
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warn("worker {} could not remove its record; it expires within {}", nodeId, ttl, e);
    }
  }
}
