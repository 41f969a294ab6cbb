package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.api.Daemons;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Deliverer} for every configured egress this dispatcher delivers: the one whose
 * name's key group ({@link #keyGroup}) it holds. In a cluster each egress so has exactly one
 * deliverer, which moves with that key group's lease; its commits are fenced on the lease, so a
 * deliverer that lost it cannot record anything. Every {@code every} it reads the configurations,
 * starts the deliverers of new ones, and stops those deleted, replaced or no longer held.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. The reconciliation runs on {@code eventide-egress}; each deliverer on its own
 * thread.
 */
public final class Deliverers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverers.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final DeliveryParts parts;
  private final int keyGroups;
  private final Duration every;
  private final ScheduledExecutorService timer = Daemons.scheduler("eventide-egress");
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  public Deliverers(
      Store store,
      Keyspace keyspace,
      LeaseTable leases,
      int keyGroups,
      Sinks sinks,
      MeterRegistry registry) {
    this(
        new DeliveryParts(
            store,
            new TransactionRunner(store),
            keyspace,
            leases,
            new EgressConfigs(keyspace),
            new OutboxPages(keyspace),
            sinks,
            new DeliveryMetrics(registry),
            DeliveryParts.Options.DEFAULTS),
        keyGroups,
        Duration.ofMillis(500));
  }

  Deliverers(DeliveryParts parts, int keyGroups, Duration every) {
    this.parts = parts;
    this.keyGroups = keyGroups;
    this.every = every;
  }

  /** The key group whose holder delivers {@code egress}. */
  public static int keyGroup(String egress, int keyGroups) {
    return KeyGroups.of("eventide", "egress", egress, keyGroups);
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::reconcile, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts and stops deliverers to match the configurations and the leases. */
  void reconcile() {
    List<EgressConfigs.Stored> configured;
    try (Transaction tx = parts.store().begin()) {
      configured = parts.configs().list(tx.snapshot());
    } catch (RuntimeException e) {
      LOG.debug("cannot read the egress configurations; trying again", e);
      return;
    }
    Map<String, EgressSpec> wanted = new HashMap<>();
    for (EgressConfigs.Stored stored : configured) {
      EgressSpec spec = stored.spec();
      if (parts.leases().holds(keyGroup(spec.name(), keyGroups))) {
        wanted.put(spec.name(), spec);
      }
    }
    running.forEach(
        (name, run) -> {
          if (!run.deliverer.spec().equals(wanted.get(name))) {
            run.deliverer.stop();
          }
          // A successor starts only once this one is gone: never two deliverers of one egress here.
          if (!run.thread.isAlive()) {
            running.remove(name, run);
          }
        });
    wanted.forEach(
        (name, spec) -> {
          if (!running.containsKey(name)) {
            Deliverer deliverer = new Deliverer(spec, keyGroup(name, keyGroups), parts);
            Thread thread = new Thread(deliverer, "eventide-egress-" + name);
            thread.setDaemon(true);
            running.put(name, new Running(deliverer, thread));
            thread.start();
          }
        });
  }

  /** Names of the egresses delivered here now. */
  Set<String> delivering() {
    return Set.copyOf(running.keySet());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    running
        .values()
        .forEach(
            run -> {
              run.deliverer.stop();
              run.thread.interrupt(); // ends a request in flight now, not at its timeout
            });
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    for (Running run : running.values()) {
      try {
        run.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    running.clear();
    parts.runner().close();
  }

  private record Running(Deliverer deliverer, Thread thread) {}
}
