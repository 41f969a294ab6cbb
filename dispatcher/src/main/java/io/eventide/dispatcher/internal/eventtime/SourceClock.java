package io.eventide.dispatcher.internal.eventtime;

import io.eventide.dispatcher.api.SourceSettings;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One ingress source's clock: the sequence numbers and watermarks it stamps on its events, and what
 * of that is durable. Bulk requests and posted watermarks of a source run one after the other
 * ({@link #serialized}), so the source's order is one total order and each event carries the
 * watermark that preceded it in that order. {@code rest} (single sends and calls) is stamped
 * without that serialization ({@link #stampConcurrently}): concurrent requests have no order a
 * client could rely on.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class SourceClock {
  private final String name;
  private volatile SourceSettings settings;
  private volatile SourceProgress committed;
  private SourceProgress stamped; // guarded by this: concurrent stamping of rest
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null); // guarded by this
  private final Runnable onAdvance;
  private final long notifyEveryMillis;
  private long notifiedAt; // guarded by this

  /**
   * @param notifyEveryMillis how often at most key groups are told that the progress moved; 0 for
   *     every time. Single sends and calls move {@code rest} thousands of times a second, and each
   *     tells every key group to look; they look at least this often anyway.
   */
  SourceClock(
      String name,
      SourceSettings settings,
      SourceProgress committed,
      Runnable onAdvance,
      long notifyEveryMillis) {
    this.notifyEveryMillis = notifyEveryMillis;
    this.name = name;
    this.settings = settings;
    this.committed = committed;
    this.stamped = committed;
    this.onAdvance = onAdvance;
  }

  public String name() {
    return name;
  }

  public SourceSettings settings() {
    return settings;
  }

  void settings(SourceSettings settings) {
    this.settings = settings;
  }

  /** What is durable: every key group may catch up with it (see {@code SourceRecord}). */
  public SourceProgress committed() {
    return committed;
  }

  /**
   * Runs {@code step} after every earlier serialized step of this source has finished, whatever its
   * outcome, so that commits of the source land in the order the source's requests arrived.
   */
  public <T> CompletableFuture<T> serialized(Supplier<CompletableFuture<T>> step) {
    CompletableFuture<T> result;
    synchronized (this) {
      result = tail.handle((ok, error) -> null).thenCompose(v -> step.get());
      tail = result;
    }
    return result;
  }

  /** Publishes progress that is now durable; a later, smaller one is ignored. */
  public void commit(SourceProgress progress) {
    long now = notifyEveryMillis > 0 ? System.currentTimeMillis() : 0;
    synchronized (this) {
      if (progress.sequence() < committed.sequence()
          || progress.sequence() == committed.sequence()
              && progress.watermark() <= committed.watermark()
              && progress.updatedAt() <= committed.updatedAt()) {
        return;
      }
      committed =
          new SourceProgress(
              progress.sequence(),
              Math.max(progress.watermark(), committed.watermark()),
              Math.max(progress.updatedAt(), committed.updatedAt()));
      if (stamped.sequence() < committed.sequence()
          || stamped.watermark() < committed.watermark()) {
        stamped = committed;
      }
      if (notifyEveryMillis > 0 && now - notifiedAt < notifyEveryMillis) {
        return;
      }
      notifiedAt = now;
    }
    onAdvance.run();
  }

  /**
   * Raises the watermark to {@code watermark} without an event, if it is higher. In a cluster every
   * dispatcher stamps {@code rest} on a clock of its own; each catches up with the highest that any
   * key group stored, as one node's single clock of {@code rest} covers every request. A dispatcher
   * with no {@code rest} request of its own would otherwise hold every function fed by other
   * functions at its first watermark for good. Not activity: idleness still counts from the last
   * event.
   */
  public void raise(long watermark) {
    synchronized (this) {
      if (watermark <= committed.watermark()) {
        return;
      }
      committed = new SourceProgress(committed.sequence(), watermark, committed.updatedAt());
      if (stamped.watermark() < watermark) {
        stamped = new SourceProgress(stamped.sequence(), watermark, stamped.updatedAt());
      }
    }
    onAdvance.run();
  }

  /**
   * Stamps one event of a concurrent request: its sequence and the watermark before it. The caller
   * publishes {@link #stampedProgress} with {@link #commit} once the event is durable.
   */
  public synchronized Stamp stampConcurrently(long eventTime, long now) {
    long sequence = stamped.sequence() + 1;
    Stamp stamp = new Stamp(sequence, stamped.watermark());
    stamped = new SourceProgress(sequence, settings.advance(stamped.watermark(), eventTime), now);
    return stamp;
  }

  public synchronized SourceProgress stampedProgress() {
    return stamped;
  }

  /** Whether the source has been quiet for its idle timeout. */
  public boolean idle(long now) {
    return settings.idleAt(committed.updatedAt(), now);
  }

  /** The sequence number and the watermark before an event. */
  public record Stamp(long sequence, long watermark) {}

  /**
   * Stamps the events of one serialized request, in order, starting from the committed progress.
   */
  public Stamper stamper(long now) {
    return stamper(committed, now);
  }

  /**
   * Stamps events in order from {@code from}, the source's progress read where they are appended.
   */
  public Stamper stamper(SourceProgress from, long now) {
    return new Stamper(settings, from, now);
  }

  /** Stamps events in order; {@link #progress} is where the source stands after them. */
  public static final class Stamper {
    private final SourceSettings settings;
    private final long now;
    private long sequence;
    private long watermark;

    Stamper(SourceSettings settings, SourceProgress from, long now) {
      this.settings = settings;
      this.sequence = from.sequence();
      this.watermark = from.watermark();
      this.now = now;
    }

    public Stamp next(long eventTime) {
      Stamp stamp = new Stamp(++sequence, watermark);
      watermark = settings.advance(watermark, eventTime);
      return stamp;
    }

    public SourceProgress progress() {
      return new SourceProgress(sequence, watermark, now);
    }
  }
}
