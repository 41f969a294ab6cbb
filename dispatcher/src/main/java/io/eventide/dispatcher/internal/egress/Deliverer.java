package io.eventide.dispatcher.internal.egress;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.EgressStatus;
import io.eventide.protocol.EgressProgress;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import io.github.resilience4j.core.IntervalFunction;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one configured egress: reads its outbox in pages, in outbox order, hands each page to
 * the sink, and records how far the sink got in one transaction, fenced on the lease of the key
 * group that chose this dispatcher, that also writes the dead letters of refused records and trims
 * what was delivered. A page is thus delivered at least once and recorded exactly once; a Kafka
 * sink makes delivery exactly once by telling, at {@link Sink#resume}, what it already has.
 *
 * <p>A sink that throws gets the same records again after an exponential backoff with jitter; its
 * failure is recorded as the egress's last error. A commit that fails (fenced, outcome unknown,
 * store down) ends the session: the sink is closed, and a new session starts from what the store
 * holds, so nothing is skipped whatever the commit did.
 *
 * <h2>Thread safety</h2>
 *
 * Runs on its own thread ({@code eventide-egress-<name>}); {@link #stop} may be called from any.
 */
final class Deliverer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

  /** The longest an idle deliverer waits before it looks at its outbox again. */
  static final long MAX_IDLE_MILLIS = 500;

  /** How often a deliverer behind by more than a page counts what is pending, for the gauge. */
  static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final EgressSpec spec;
  private final int keyGroup;
  private final DeliveryParts parts;
  private final DeliveryMetrics.Meters meters;
  private final IntervalFunction backoff;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile EgressProgress progress = EgressConfigs.NONE;
  private int failures; // sessions ended by a failure since the last recorded delivery

  Deliverer(EgressSpec spec, int keyGroup, DeliveryParts parts) {
    this.spec = spec;
    this.keyGroup = keyGroup;
    this.parts = parts;
    this.meters = parts.metrics().of(spec.name());
    DeliveryParts.Options options = parts.options();
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            options.initialBackoff(), 2.0, 0.5, options.maxBackoff());
  }

  EgressSpec spec() {
    return spec;
  }

  /** The progress this deliverer last recorded. */
  EgressProgress progress() {
    return progress;
  }

  void stop() {
    stopped.countDown();
  }

  private boolean running() {
    return stopped.getCount() > 0 && parts.leases().holds(keyGroup);
  }

  @Override
  public void run() {
    while (running()) {
      try (Sink sink = parts.sinks().open(spec)) {
        session(sink);
      } catch (Deleted e) {
        return;
      } catch (Exception e) {
        failures++;
        meters.failures().increment();
        recordError(e);
        LOG.debug("delivery session of egress '{}' ended", spec.name(), e);
        pause(backoff.apply(failures));
      }
    }
  }

  /** Delivers from what the store holds until stopped; throws when the session must restart. */
  private void session(Sink sink) throws Exception {
    EgressProgress stored = read();
    progress = stored;
    long last =
        Math.max(
            stored.getOffset(),
            sink.resume(
                new Sink.Position(stored.getOffset(), stored.getSinkState().toByteArray())));
    long idle = parts.options().idlePoll().toMillis();
    long wait = idle;
    long counted = 0;
    while (running()) {
      List<OutboxPages.Entry> page = page(last);
      if (page.isEmpty()) {
        meters.pending().set(0);
        pause(wait);
        wait = Math.min(MAX_IDLE_MILLIS, wait * 2); // an idle egress reads the store less often
        continue;
      }
      wait = idle;
      if (page.size() < parts.options().pageRecords()) {
        meters.pending().set(page.size());
      } else if (System.nanoTime() - counted > COUNT_EVERY_NANOS) {
        counted = System.nanoTime();
        meters.pending().set(pending(last));
      }
      Sink.Delivered delivered = deliver(sink, page);
      if (delivered == null) {
        return; // stopped while retrying
      }
      if (delivered.offset() <= last) {
        continue; // the sink took nothing and said so without failing: ask again
      }
      commit(page, delivered);
      last = delivered.offset();
    }
  }

  /** The records after {@code last}, counted up to {@link EgressStatus#MAX_COUNTED}. */
  private long pending(long last) {
    try (Transaction tx = parts.store().begin()) {
      return parts.pages().count(tx.snapshot(), spec.name(), last, EgressStatus.MAX_COUNTED);
    }
  }

  private EgressProgress read() {
    try (Transaction tx = parts.store().begin()) {
      return parts.configs().progress(tx.snapshot(), spec.name());
    }
  }

  private List<OutboxPages.Entry> page(long last) {
    DeliveryParts.Options options = parts.options();
    try (Transaction tx = parts.store().begin()) {
      return parts
          .pages()
          .after(tx.snapshot(), spec.name(), last, options.pageRecords(), options.pageBytes());
    }
  }

  /** The sink's answer for {@code page}, retried with backoff; null once stopped. */
  private Sink.Delivered deliver(Sink sink, List<OutboxPages.Entry> page) {
    List<OutboxRecord> records = page.stream().map(OutboxPages.Entry::record).toList();
    for (int attempt = 1; running(); attempt++) {
      try {
        return sink.deliver(records);
      } catch (Exception e) {
        meters.failures().increment();
        recordError(e);
        pause(backoff.apply(attempt));
      }
    }
    return null;
  }

  /**
   * Records {@code delivered} for {@code page}: the progress, the dead letters of refused records,
   * and the trim of every record up to the delivered one, fenced on this dispatcher's lease.
   */
  private void commit(List<OutboxPages.Entry> page, Sink.Delivered delivered) {
    byte[] upTo = null;
    int count = 0;
    for (OutboxPages.Entry entry : page) {
      if (entry.record().offset() <= delivered.offset()) {
        upTo = entry.key();
        count++;
      }
    }
    if (upTo == null || delivered.offset() > page.get(page.size() - 1).record().offset()) {
      throw new IllegalStateException(
          "sink of egress '"
              + spec.name()
              + "' acknowledged offset "
              + delivered.offset()
              + ", which is not in the page it was given");
    }
    int accepted = count - delivered.rejected().size();
    EgressProgress next =
        progress.toBuilder()
            .setOffset(delivered.offset())
            .setSinkState(ByteString.copyFrom(delivered.sinkState()))
            .setDelivered(progress.getDelivered() + accepted)
            .setDeadLettered(progress.getDeadLettered() + delivered.rejected().size())
            .clearLastError()
            .clearLastErrorAt()
            .build();
    byte[] trimEnd = Keyspace.end(upTo);
    parts
        .runner()
        .run(
            tx -> {
              fenced(tx);
              parts.configs().writeProgress(tx, spec.name(), next);
              byte[] deadLetters = parts.keyspace().outbox(EgressSpec.DEAD_LETTERS);
              int userVersion = 0;
              for (Sink.Rejected rejected : delivered.rejected()) {
                LargeValues.setVersionstamped(
                    tx,
                    deadLetters,
                    userVersion++,
                    new byte[0],
                    RejectedLetters.record(spec.name(), rejected));
              }
              tx.clearRange(parts.keyspace().outbox(spec.name()), trimEnd);
              return null;
            });
    progress = next;
    failures = 0;
    meters.delivered().increment(accepted);
    meters.deadLettered().increment(delivered.rejected().size());
  }

  /** Fences {@code tx} on the lease, and fails it when the egress was deleted or replaced. */
  private void fenced(Transaction tx) {
    parts.leases().fence(tx, keyGroup);
    EgressConfigs.Stored now = parts.configs().get(tx, spec.name());
    if (now == null || !now.spec().equals(spec)) {
      throw new Deleted(); // or replaced: the deliverer of the new configuration takes over
    }
  }

  /** Writes the failure as the egress's last error, keeping its progress; best effort. */
  private void recordError(Exception failure) {
    if (failure instanceof StoreException || !running()) {
      return; // the store is what failed, or someone else delivers now
    }
    String message = String.valueOf(failure.getMessage());
    String error = message.length() > 1_000 ? message.substring(0, 1_000) : message;
    long at = System.currentTimeMillis();
    try {
      progress =
          parts
              .runner()
              .run(
                  tx -> {
                    fenced(tx);
                    // Only the error changes: what was delivered is the store's to say.
                    EgressProgress next =
                        parts.configs().progress(tx, spec.name()).toBuilder()
                            .setLastError(error)
                            .setLastErrorAt(at)
                            .build();
                    parts.configs().writeProgress(tx, spec.name(), next);
                    return next;
                  });
    } catch (RuntimeException e) {
      LOG.debug("could not record the last error of egress '{}'", spec.name(), e);
    }
    LOG.warn("delivery to egress '{}' failed: {}", spec.name(), message);
  }

  private void pause(long millis) {
    try {
      stopped.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped.countDown();
    }
  }

  /** The egress's configuration was deleted: its deliverer ends. */
  private static final class Deleted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Deleted() {
      super("the egress was deleted", null, false, false);
    }
  }
}
