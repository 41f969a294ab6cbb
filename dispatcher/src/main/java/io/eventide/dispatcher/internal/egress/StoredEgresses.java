package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.EgressStatus;
import io.eventide.dispatcher.api.Egresses;
import io.eventide.protocol.EgressProgress;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link Egresses} over the store: what every gateway serves and every dispatcher's {@link
 * Deliverers} follow.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; every call is one store transaction.
 */
public final class StoredEgresses implements Egresses {
  /** The most egresses a cluster configures: each has a deliverer thread. */
  public static final int MAX_EGRESSES = 100;

  private final Store store;
  private final Keyspace keyspace;
  private final TransactionRunner runner;
  private final EgressConfigs configs;
  private final OutboxPages pages;
  private final LongSupplier clock;
  private final Sinks sinks;

  public StoredEgresses(Store store, Keyspace keyspace, LongSupplier clock) {
    this(store, keyspace, clock, new Sinks(store, keyspace));
  }

  /** {@code sinks} checks a kafka egress against its cluster before it is stored. */
  public StoredEgresses(Store store, Keyspace keyspace, LongSupplier clock, Sinks sinks) {
    this.store = store;
    this.keyspace = keyspace;
    this.runner = new TransactionRunner(store);
    this.configs = new EgressConfigs(keyspace);
    this.pages = new OutboxPages(keyspace);
    this.clock = clock;
    this.sinks = sinks;
  }

  @Override
  public boolean create(EgressSpec spec) {
    long now = clock.getAsLong();
    if (EgressSpec.KAFKA.equals(spec.kind())) {
      checkKafka(spec); // outside the transaction: it may talk to the brokers for seconds
    }
    return runner.run(
        tx -> {
          if (configs.get(tx, spec.name()) != null) {
            return false;
          }
          if (EgressSpec.KAFKA.equals(spec.kind())
              && tx.get(keyspace.kafkaCluster(spec.cluster())) == null) {
            throw new DispatcherException(
                DispatcherException.Code.INVALID,
                "kafka cluster '"
                    + spec.cluster()
                    + "' is not configured: PUT /v1/kafka-clusters/"
                    + spec.cluster()
                    + " first");
          }
          if (configs.list(tx).size() >= MAX_EGRESSES) {
            throw new DispatcherException(
                DispatcherException.Code.INVALID,
                "at most " + MAX_EGRESSES + " egresses can be configured; delete one first");
          }
          configs.put(tx, new EgressConfigs.Stored(spec, now));
          // A new configuration starts from what the outbox holds, whatever an old one delivered.
          tx.clear(keyspace.egressPosition(spec.name()));
          return true;
        });
  }

  private void checkKafka(EgressSpec spec) {
    try {
      sinks.checkKafka(spec, sinks.kafkaCluster(spec.cluster()));
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new DispatcherException(
          DispatcherException.Code.INVALID,
          e instanceof IllegalStateException
              ? e.getMessage() + ": PUT /v1/kafka-clusters/" + spec.cluster() + " first"
              : e.getMessage());
    }
  }

  @Override
  public List<EgressStatus> list() {
    try (Transaction tx = store.begin()) {
      List<EgressStatus> all = new ArrayList<>();
      for (EgressConfigs.Stored stored : configs.list(tx.snapshot())) {
        all.add(status(tx.snapshot(), stored));
      }
      return all;
    }
  }

  @Override
  public Optional<EgressStatus> get(String name) {
    try (Transaction tx = store.begin()) {
      EgressConfigs.Stored stored = configs.get(tx.snapshot(), name);
      return stored == null ? Optional.empty() : Optional.of(status(tx.snapshot(), stored));
    }
  }

  @Override
  public boolean delete(String name) {
    return runner.run(
        tx -> {
          if (configs.get(tx, name) == null) {
            return false;
          }
          configs.remove(tx, name);
          return true;
        });
  }

  private EgressStatus status(ReadView view, EgressConfigs.Stored stored) {
    String name = stored.spec().name();
    EgressProgress progress = configs.progress(view, name);
    long pending = pages.count(view, name, progress.getOffset(), EgressStatus.MAX_COUNTED);
    return new EgressStatus(
        stored.spec(),
        stored.createdAt(),
        pending,
        progress.getDelivered(),
        progress.getDeadLettered(),
        progress.getLastError().isEmpty() ? null : progress.getLastError(),
        progress.getLastErrorAt(),
        progress.getOffset());
  }
}
