package io.eventide.dispatcher.internal.invoke;

import com.google.protobuf.UnsafeByteOperations;
import io.eventide.dispatcher.internal.commit.MessageSpans;
import io.eventide.dispatcher.internal.commit.StateCache;
import io.eventide.dispatcher.internal.eventtime.KeyGroupClock;
import io.eventide.dispatcher.internal.inbox.KeyGroupInbox;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.timers.TimerIndex;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.StateValue;
import io.eventide.protocol.tracing.Tracing;
import io.eventide.store.ReadView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToLongFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The messages a shard takes for one round, grouped by address in inbox order. An address is either
 * taken with a prefix of its pending messages or not at all, so per-address order holds.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class Batch {
  /** The most state bytes one batch carries to the workers. */
  static final long MAX_STATE_BYTES = 32 << 20;

  private final int maxMessages;
  private final int maxBytes;
  private final LinkedHashMap<Addr, List<Pending>> byAddress = new LinkedHashMap<>();
  private final Map<Addr, Map<String, byte[]>> state = new LinkedHashMap<>();
  private int messages;
  private int bytes;

  /** Which holding of its key group each message taken is stamped with ({@link Pending#tenure}). */
  private final IntToLongFunction tenures;

  public Batch(int maxMessages, int maxBytes) {
    this(maxMessages, maxBytes, keyGroup -> 0);
  }

  public Batch(int maxMessages, int maxBytes, IntToLongFunction tenures) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.tenures = tenures;
  }

  public boolean full() {
    return messages >= maxMessages || bytes >= maxBytes;
  }

  public boolean isEmpty() {
    return messages == 0;
  }

  public int size() {
    return messages;
  }

  /**
   * Takes pending entries of {@code inbox} in order, skipping every entry of a blocked address, and
   * places due timers where the watermark passes them: an event-time timer goes before the first
   * message of its address judged against a watermark at or past the timer, or after the address's
   * last message when nothing of it is left pending. Processing-time timers go first.
   */
  public void take(
      KeyGroupInbox inbox,
      Predicate<Addr> blocked,
      ToIntFunction<Addr> messageCaps,
      TimerIndex.Due due,
      KeyGroupClock clock,
      long now) {
    Set<Addr> held = new HashSet<>();
    // Taken at the start of the round: a lower cap than the entries taken below would allow, which
    // only delays a timer by a round, never fires one early.
    Map<String, Long> caps = inbox.firstUntakenStamps();
    for (Pending p : inbox.pending()) {
      if (full()) {
        return;
      }
      if (p.taken || held.contains(p.address)) {
        continue;
      }
      if (blocked.test(p.address)) {
        held.add(p.address);
        continue;
      }
      int cap = messageCaps.applyAsInt(p.address);
      if (cap != Integer.MAX_VALUE && byAddress.getOrDefault(p.address, List.of()).size() >= cap) {
        held.add(p.address);
        continue;
      }
      // Timers registered by an earlier message of this batch fire at the worker (InvocationTask).
      // A message given back (its batch failed, the worker rejected or timed out its address) keeps
      // the watermark it was first judged against: while it was in flight it held no timer back
      // (caps count untaken entries only), so the key group may have moved past its stamp, and
      // judging it again could find it late where Flink, which never takes it twice, would not.
      long watermark = p.judged ? p.watermark : clock.judge(p, inbox, caps, now);
      clock.taken(p);
      if (due != null) {
        fire(due.processing.get(p.address), Long.MAX_VALUE, watermark);
        fire(due.event.get(p.address), watermark, watermark);
      }
      p.watermark = watermark;
      p.judged = true;
      add(p);
    }
    if (due == null) {
      return;
    }
    for (Addr address : union(due)) {
      if (full()) {
        return;
      }
      if (held.contains(address) || blocked.test(address)) {
        continue;
      }
      long watermark = clock.watermark(address.namespace(), address.type(), inbox, caps, now);
      fire(due.processing.get(address), Long.MAX_VALUE, watermark);
      fire(due.event.get(address), watermark, watermark);
    }
  }

  private static Set<Addr> union(TimerIndex.Due due) {
    Set<Addr> all = new java.util.LinkedHashSet<>(due.processing.keySet());
    all.addAll(due.event.keySet());
    return all;
  }

  /** Takes the timers of {@code timers} due by {@code upTo}; they see {@code watermark}. */
  private void fire(java.util.ArrayDeque<Pending> timers, long upTo, long watermark) {
    while (timers != null && !timers.isEmpty() && timers.peek().entry.getEventTime() <= upTo) {
      Pending timer = timers.poll();
      timer.watermark = watermark;
      add(timer);
    }
  }

  private void add(Pending p) {
    p.taken = true;
    p.tenure = tenures.applyAsLong(p.keyGroup);
    byAddress.computeIfAbsent(p.address, a -> new ArrayList<>()).add(p);
    messages++;
    bytes += p.size();
  }

  /** Gives the messages back to their inboxes after a batch that will not commit. */
  public void release() {
    byAddress.values().forEach(list -> list.forEach(p -> p.taken = false));
  }

  /**
   * Loads the state of the batch's addresses. The state of large instances (values of up to 16 MiB
   * each) travels with the invocation, so a batch stops at {@link #MAX_STATE_BYTES} of it: the
   * addresses past that go back to their inboxes for the next round (the first stays, however
   * large, or it would never run).
   */
  public void loadState(StateCache cache, ReadView view) {
    Iterator<Map<String, byte[]>> loaded = cache.load(byAddress.keySet(), view).iterator();
    long bytes = 0;
    for (var it = byAddress.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Addr, List<Pending>> next = it.next();
      Map<String, byte[]> values = loaded.next();
      long size = 0;
      for (byte[] value : values.values()) {
        size += value.length;
      }
      if (bytes > 0 && bytes + size > MAX_STATE_BYTES) {
        for (Pending p : next.getValue()) {
          p.taken = false;
          messages--;
          this.bytes -= p.size();
        }
        it.remove();
        continue;
      }
      bytes += size;
      state.put(next.getKey(), values);
    }
  }

  /** The state {@code address} is invoked with ({@link #loadState}). */
  Map<String, byte[]> state(Addr address) {
    return state.get(address);
  }

  public Map<Addr, List<Pending>> byAddress() {
    return byAddress;
  }

  List<Addr> addresses() {
    return new ArrayList<>(byAddress.keySet());
  }

  /**
   * The invocations for the workers, asking for a heartbeat every {@code heartbeatMillis} while
   * they run.
   */
  public InvocationBatch request(long heartbeatMillis) {
    InvocationBatch.Builder batch =
        InvocationBatch.newBuilder().setHeartbeatMillis(heartbeatMillis);
    // Messages are built standalone and added whole: protobuf's nested builders cost a change
    // notification per field set. Cached state values are never mutated, so they are wrapped.
    boolean tracing = Tracing.enabled();
    byAddress.forEach(
        (address, pending) -> {
          Invocation.Builder invocation =
              Invocation.newBuilder().setTarget(pending.get(0).entry.getTarget());
          state
              .get(address)
              .forEach(
                  (name, value) ->
                      invocation.addState(
                          StateValue.newBuilder()
                              .setName(name)
                              .setValue(UnsafeByteOperations.unsafeWrap(value))));
          // Several messages of an address are gathered and added at once, into a list sized once;
          // a single one is added alone, which JMH found cheaper than a list of one.
          List<InvocationMessage> messages =
              pending.size() > 1 ? new ArrayList<>(pending.size()) : null;
          for (Pending p : pending) {
            InboxEntry e = p.entry;
            InvocationMessage.Builder m =
                InvocationMessage.newBuilder()
                    .setEventTime(e.getEventTime())
                    .setWatermark(p.watermark);
            if (p.kind == Pending.Kind.EVENT_TIMER) {
              m.setTimer(true);
            } else if (p.kind == Pending.Kind.PROCESSING_TIMER) {
              m.setProcessingTimer(true);
            } else {
              m.setPayload(e.getPayload());
            }
            if (e.hasCaller()) {
              m.setCaller(e.getCaller());
            }
            if (e.getCallId().isEmpty()) {
              m.setReplyUnused(true); // only a call's reply reaches anyone (BatchCommit#handled)
            }
            if (tracing) {
              m.setTraceparent(MessageSpans.invoked(p));
            }
            if (messages == null) {
              invocation.addMessages(m.build());
            } else {
              messages.add(m.build());
            }
          }
          if (messages != null) {
            invocation.addAllMessages(messages);
          }
          batch.addInvocations(invocation.build());
        });
    return batch.build();
  }
}
