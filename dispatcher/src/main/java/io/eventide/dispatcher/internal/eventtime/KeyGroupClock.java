package io.eventide.dispatcher.internal.eventtime;

import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.dispatcher.internal.inbox.Pending;
import java.util.HashMap;
import java.util.Map;

/**
 * Event time as one key group sees it (DESIGN.md §5). Its view of each source moves in the source's
 * order: to the watermark stamped on an entry when the entry is taken, and to a source's durable
 * progress once no entry of the source up to that progress is left unhandled here. A function
 * type's watermark is the minimum of the views of the sources upstream of it (idle ones left out
 * once nothing of theirs is pending here); a type fed by other functions also waits for every key
 * group's view and for messages between functions still in flight.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class KeyGroupClock {
  private final int keyGroup;
  private final Sources sources;
  private final Topology topology;
  private final InternalHolds holds;
  private final KeyGroupViews published;
  private final Map<String, Long> views = new HashMap<>();
  private final Map<String, Map<String, Long>> emitted = new HashMap<>();
  private long progressSeen = -1;

  public KeyGroupClock(
      int keyGroup, Sources sources, Topology topology, InternalHolds holds, KeyGroupViews views) {
    this.keyGroup = keyGroup;
    this.sources = sources;
    this.topology = topology;
    this.holds = holds;
    this.published = views;
  }

  long view(String source) {
    Long view = views.get(source);
    return view == null ? Long.MIN_VALUE : view;
  }

  private void advance(String source, long watermark) {
    if (watermark > view(source)) {
      views.put(source, watermark);
      published.publish(keyGroup, source, watermark);
    }
  }

  /**
   * Catches up with the sources' durable progress where nothing here is left behind it. {@code
   * progress} must have been read before the shard last drained its signals: a source's entries
   * signal their key groups before its progress is published, so an entry covered by that progress
   * is then either loaded here or marks the inbox as not fully loaded.
   *
   * @param always also when no source said it moved since the last complete catch-up
   */
  public void catchUp(KeyGroupInbox inbox, Progress progress, boolean always) {
    if (progress.version() == progressSeen && !always) {
      return;
    }
    boolean all = true;
    for (Map.Entry<String, SourceProgress> e : progress.sources().entrySet()) {
      String source = e.getKey();
      SourceProgress p = e.getValue();
      if (p.watermark() <= view(source)) {
        continue;
      }
      if (inbox.firstPendingSequence(source) > p.sequence()) {
        advance(source, p.watermark());
      } else {
        all = false;
      }
    }
    if (all) {
      progressSeen = progress.version();
    }
  }

  /** The sources' durable progress as read at one moment, with the version it had. */
  public record Progress(long version, Map<String, SourceProgress> sources) {
    public static Progress read(io.eventide.dispatcher.internal.eventtime.Sources sources) {
      long version = sources.version();
      Map<String, SourceProgress> all = new HashMap<>();
      for (SourceClock clock : sources.all()) {
        all.put(clock.name(), clock.committed());
      }
      return new Progress(version, all);
    }
  }

  /** The highest watermark any function here could reach this round: how far timers may be due. */
  public long bound(KeyGroupInbox inbox) {
    long bound = inbox.maxStamp();
    for (long view : views.values()) {
      bound = Math.max(bound, view);
    }
    return bound;
  }

  /**
   * The watermark {@code p} is judged against if it is taken now: for an ingress entry, the
   * watermark its source had just before it, so the outcome follows the source's order whatever the
   * batching. It is never below what this type's timers here have already seen, so a source that
   * joins late (or comes back from idleness) behind the others finds its old events late, as
   * Flink's operators, whose watermark never goes back, would.
   */
  public long judge(Pending p, KeyGroupInbox inbox, Map<String, Long> caps, long now) {
    String source = p.entry.getSource();
    if (sources.isShared()) {
      learnPath(p, source);
    }
    if (isIngress(source)) {
      long byStamp =
          compute(
              p.address.namespace(),
              p.address.type(),
              source,
              p.entry.getSourceWatermark(),
              inbox,
              caps,
              now);
      return Math.max(byStamp, emitted(p.address.namespace(), p.address.type()));
    }
    return watermark(p.address.namespace(), p.address.type(), inbox, caps, now);
  }

  /**
   * Another dispatcher may have appended {@code p} along a path this process has not read from the
   * store yet (its sweep runs every few milliseconds): the entry itself shows the path, so the
   * graph knows it before {@code p} is judged.
   */
  private void learnPath(Pending p, String source) {
    if (isIngress(source)) {
      topology.sawSource(source, p.address.namespace(), p.address.type());
    } else if (source.equals(Inboxes.INTERNAL) && p.entry.hasCaller()) {
      topology.sawEdge(
          p.entry.getCaller().getNamespace(),
          p.entry.getCaller().getType(),
          p.address.namespace(),
          p.address.type());
    }
  }

  /** {@code p} was taken: an ingress entry moves this key group's view of its source. */
  public void taken(Pending p) {
    if (isIngress(p.entry.getSource())) {
      advance(p.entry.getSource(), p.entry.getSourceWatermark());
    }
  }

  /**
   * The watermark of function type {@code namespace/type} here, for its timers; it never goes back.
   * A source's view counts only up to the stamp of its first entry here not yet taken ({@code
   * caps}, see {@link KeyGroupInbox#firstUntakenStamps}): entries of other keys may have moved the
   * view past it, but the entry's own key must not see timers beyond its stamp, or it could be
   * judged on time for a window that has already fired.
   */
  public long watermark(
      String namespace, String type, KeyGroupInbox inbox, Map<String, Long> caps, long now) {
    long previous = emitted(namespace, type);
    long computed = compute(namespace, type, null, 0, inbox, caps, now);
    if (computed > previous) {
      emitted.computeIfAbsent(namespace, n -> new HashMap<>()).put(type, computed);
      return computed;
    }
    return previous;
  }

  private long emitted(String namespace, String type) {
    Map<String, Long> ofNamespace = emitted.get(namespace);
    Long value = ofNamespace == null ? null : ofNamespace.get(type);
    return value == null ? Long.MIN_VALUE : value;
  }

  private long compute(
      String namespace,
      String type,
      String replaced,
      long replacement,
      KeyGroupInbox inbox,
      Map<String, Long> caps,
      long now) {
    Topology.Reach reach = topology.reach(namespace, type);
    long watermark = Long.MAX_VALUE;
    // As Flink's StatusWatermarkValve: once every input is idle, the furthest of them counts.
    long furthestIdle = Long.MIN_VALUE;
    boolean any = false;
    for (String source : reach.sources()) {
      boolean mine = source.equals(replaced);
      boolean idle = !mine && idle(source, inbox, now);
      long view =
          mine ? replacement : Math.min(view(source), caps.getOrDefault(source, Long.MAX_VALUE));
      if (reach.fedByFunctions()) {
        view = Math.min(view, published.min(source));
      }
      if (idle) {
        furthestIdle = Math.max(furthestIdle, view);
        continue;
      }
      any = true;
      watermark = Math.min(watermark, view);
    }
    if (!any) {
      watermark = furthestIdle;
      if (watermark == Long.MIN_VALUE) {
        return Long.MIN_VALUE;
      }
    }
    return reach.fedByFunctions() ? Math.min(watermark, holds.min()) : watermark;
  }

  /** Idle only in band: a quiet source still holds back what it has pending here. */
  private boolean idle(String source, KeyGroupInbox inbox, long now) {
    SourceClock clock = sources.find(source);
    return clock != null && clock.idle(now) && inbox.firstPendingSequence(source) == Long.MAX_VALUE;
  }

  /**
   * What is left to handle here that {@code source} may still cause: its entries and those between
   * functions, in memory and not yet committed. Entries of other ingress sources do not count.
   */
  public long unhandled(String source, KeyGroupInbox inbox) {
    long count = 0;
    for (Pending p : inbox.pending()) {
      String of = p.entry.getSource();
      if (!p.consumed && (of.equals(source) || !isIngress(of))) {
        count++;
      }
    }
    return count;
  }

  /** This key group's view of {@code source}: the watermark of it that has arrived here. */
  public long viewOf(String source) {
    return view(source);
  }

  /**
   * Whether an event-time timer of type {@code namespace/type} at {@code time} is due now and comes
   * after {@code source}: its type is downstream of the source and the type's watermark here has
   * reached it. Reads only: the watermark the shard emits is not moved. {@code caps} are the
   * inbox's {@link KeyGroupInbox#firstUntakenStamps}, as for {@link #watermark}.
   */
  public boolean dueAfter(
      String source,
      String namespace,
      String type,
      long time,
      KeyGroupInbox inbox,
      Map<String, Long> caps,
      long now) {
    if (!topology.reach(namespace, type).sources().contains(source)) {
      return false;
    }
    long watermark =
        Math.max(emitted(namespace, type), compute(namespace, type, null, 0, inbox, caps, now));
    return time <= watermark;
  }

  /**
   * This key group's floor for each source it has a view of (cluster mode): no message it has yet
   * to send carries a lower watermark. A message still to be sent comes from an entry not yet taken
   * (judged at or above the lower of the views and its own stamp, see {@link #judge}), from an
   * entry or timer taken and not yet committed (it carries the watermark it was judged against, at
   * or above {@code inFlight}), or from a timer still to fire (at or above the views, capped by the
   * first untaken stamps).
   *
   * @param inFlight the lowest watermark of this key group's entries and timers taken or judged and
   *     not yet committed ({@code Long.MAX_VALUE} when none)
   */
  public Map<String, Long> floors(KeyGroupInbox inbox, long inFlight) {
    Map<String, Long> caps = inbox.firstUntakenStamps();
    Map<String, Long> floors = new HashMap<>();
    views.forEach(
        (source, view) ->
            floors.put(
                source,
                Math.min(view, Math.min(caps.getOrDefault(source, Long.MAX_VALUE), inFlight))));
    return floors;
  }

  /**
   * Starts from the floors the group's previous owner stored, so this owner continues where it
   * stopped: each is at or below the previous owner's view, and every entry left has its stamp at
   * or above it.
   */
  public void resume(Map<String, Long> floors) {
    floors.forEach(this::advance);
  }

  static boolean isIngress(String source) {
    return !source.isEmpty()
        && !source.equals(Inboxes.INTERNAL)
        && !source.equals(Inboxes.DELAYED)
        && !source.equals(Pending.TIMER_SOURCE);
  }

  Map<String, Long> views() {
    return views;
  }
}
