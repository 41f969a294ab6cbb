package io.eventide.dispatcher.internal.processing;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.SourceStatus;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.dispatcher.internal.eventtime.SourceProgress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /v1/ingress/{source}} on one dispatcher: the source's durable progress, and what its
 * shards see left of it. A source is finished once its watermark is the end of input, every key
 * group here has taken that in, and no key group holds anything it may still cause (see {@link
 * SourceWork}). The shards look one after another, so the look is bracketed: the source's progress
 * and the count of commits that sent messages between functions must not move while it runs, or a
 * message could have gone from a key group not yet looked at to one already looked at. See
 * docs/decisions/source-finished.md.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #status} blocks until the shards answered, so call it off I/O threads.
 */
public final class SourceStatuses {
  /** Looks tried before answering "not finished" while the node is still busy. */
  private static final int LOOKS = 3;

  private final Shards shards;
  private final Shards.Parts parts;
  private final int keyGroups;
  private final Duration timeout;

  public SourceStatuses(Shards shards, Shards.Parts parts, int keyGroups, Duration timeout) {
    this.shards = shards;
    this.parts = parts;
    this.keyGroups = keyGroups;
    this.timeout = timeout;
  }

  /** The status of {@code source}; empty when this dispatcher has never seen it. */
  public Optional<SourceStatus> status(String source) {
    SourceClock clock = parts.sources().find(source);
    if (clock == null) {
      return Optional.empty();
    }
    SourceStatus status = null;
    for (int look = 0; look < LOOKS; look++) {
      SourceProgress before = clock.committed();
      long sendsBefore = parts.holds().sendingCommits();
      SourceWork work = work(source);
      boolean quiet =
          before.equals(clock.committed()) && sendsBefore == parts.holds().sendingCommits();
      boolean ended = before.watermark() == Long.MAX_VALUE;
      boolean finished =
          ended
              && quiet
              && work.pending() == 0
              && work.minView() == Long.MAX_VALUE
              && work.keyGroups().size() == keyGroups;
      status =
          new SourceStatus(source, before.watermark(), before.sequence(), work.pending(), finished);
      if (finished || !ended || work.pending() > 0) {
        break; // a look again could only change the answer when everything looked done but moved
      }
    }
    return Optional.of(status);
  }

  /**
   * One look at what is left of {@code source} in the key groups held here, for a gateway that
   * combines every dispatcher's look (docs/decisions/source-finished.md, "In a cluster"); empty
   * when this dispatcher has not learned the source yet.
   */
  public Optional<SourceWork> look(String source) {
    return parts.sources().find(source) == null ? Optional.empty() : Optional.of(work(source));
  }

  private SourceWork work(String source) {
    try {
      return shards.work(source, timeout).join();
    } catch (CompletionException e) {
      throw new DispatcherException(
          DispatcherException.Code.UNAVAILABLE,
          "the shards did not report on source '" + source + "' in time; retry shortly",
          e.getCause());
    }
  }
}
