package io.eventide.dispatcher.internal.cluster;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.Daemons;
import io.eventide.protocol.MemberRecord;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's membership record, renewed every {@link ClusterSettings#interval} on a thread that
 * does nothing else: lease rounds that wait for groups to drain, or commits queued at the store,
 * must never make a live member look dead, since every key group it holds would move.
 *
 * <p>A member whose record had expired when it renews (a pause, a starved host) may have lost its
 * groups to the others. It comes back with {@code eligible_from} in the future: until then it takes
 * no group another live member holds ({@link KeeperView#desired}), so one late heartbeat costs one
 * move, not a move there and back each time the load comes and goes. The wait doubles with each
 * lapse in a row, from {@link #SETTLE_TTLS} ttls.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: the heartbeat thread and the lease keeper both {@link #write}, under this object's
 * lock.
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  /** Ttls a lapsed member waits before it takes groups back, at its first lapse. */
  static final int SETTLE_TTLS = 5;

  /** The wait doubles per lapse up to 2^this times; a member quiet for that long starts over. */
  private static final int MAX_DOUBLINGS = 3;

  private final TransactionRunner runner;
  private final Keyspace keyspace;
  private final ClusterSettings config;
  private final long joinedAt;
  private ScheduledExecutorService thread;
  private boolean closed;
  private long lastExpiry;
  private int lapses;
  private long lastLapse;
  private volatile long eligibleFrom;

  Heartbeat(TransactionRunner runner, Keyspace keyspace, ClusterSettings config) {
    this.runner = runner;
    this.keyspace = keyspace;
    this.config = config;
    this.joinedAt = config.clock().getAsLong();
  }

  /**
   * Writes the membership now (throwing if the store cannot be reached), then renews it every
   * interval on a thread of its own.
   */
  synchronized void start() {
    if (thread != null || closed) {
      return;
    }
    committed(runner.run(tx -> write(tx, config.clock().getAsLong())));
    thread = Daemons.scheduler("eventide-heartbeat");
    long every = config.interval().toMillis();
    thread.scheduleAtFixedRate(this::beatLogged, every, every, TimeUnit.MILLISECONDS);
  }

  private void beatLogged() {
    try {
      committed(runner.run(tx -> write(tx, config.clock().getAsLong())));
    } catch (RuntimeException e) {
      LOG.warn(
          "heartbeat of {} failed; its leases last until {} after the last one",
          config.nodeId(),
          config.ttl(),
          e);
    }
  }

  /** True while the heartbeat thread renews: lease rounds then need not. */
  synchronized boolean running() {
    return thread != null;
  }

  /**
   * Renews the membership in {@code tx} as of {@code now}, deferring this member's eligibility if
   * the last record known to be committed had run out by then: the others may have seen it dead.
   * Call {@link #committed} once {@code tx} committed.
   */
  synchronized MemberRecord write(Transaction tx, long now) {
    MemberRecord record = record(now);
    if (closed) {
      return record; // left the cluster: a write now would bring it back until its ttl
    }
    // The first write of a process is a join, not a lapse: a dispatcher started again under its
    // id takes its groups back at once, fencing its earlier process.
    if (lastExpiry > 0 && lastExpiry <= now && eligibleFrom <= now) {
      lapse(now);
      record = record(now);
    }
    tx.set(keyspace.member(config.nodeId()), record.toByteArray());
    return record;
  }

  /** {@code record}, from {@link #write}, is in the store. */
  synchronized void committed(MemberRecord record) {
    lastExpiry = Math.max(lastExpiry, record.getExpiresAt());
  }

  /** Another member took groups of this one: it was seen dead, whatever its own clock says. */
  synchronized void lapsed(long now) {
    if (eligibleFrom <= now) {
      lapse(now);
    }
  }

  private void lapse(long now) {
    long settle = config.ttl().toMillis() * SETTLE_TTLS;
    if (now - lastLapse > (settle << MAX_DOUBLINGS) * 2) {
      lapses = 0;
    }
    long wait = settle << Math.min(lapses, MAX_DOUBLINGS);
    lapses++;
    lastLapse = now;
    eligibleFrom = now + wait;
    LOG.warn(
        "{} was late renewing its membership; it takes no key group another member holds for {} ms",
        config.nodeId(),
        wait);
  }

  /** Until when this member defers to the others for groups they hold; 0: it does not. */
  long eligibleFrom() {
    return eligibleFrom;
  }

  MemberRecord record(long now) {
    return MemberRecord.newBuilder()
        .setNodeId(config.nodeId())
        .setEndpoint(config.endpoint())
        .setExpiresAt(now + config.ttl().toMillis())
        .setJoinedAt(joinedAt)
        .setEligibleFrom(eligibleFrom)
        .build();
  }

  /**
   * Stops renewing, and waits for a write in flight (outside the lock it may be waiting for), which
   * would revive a member that just left.
   */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      closed = true;
      stopping = thread;
      thread = null;
    }
    if (stopping == null) {
      return;
    }
    stopping.shutdownNow();
    try {
      stopping.awaitTermination(config.interval().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
