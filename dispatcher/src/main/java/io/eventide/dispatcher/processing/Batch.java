package io.eventide.dispatcher.processing;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.routing.Addr;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.StateValue;
import io.eventide.store.ReadView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The messages a shard takes for one round, grouped by address in inbox order. An address is
 * either taken with a prefix of its pending messages or not at all, so per-address order holds.
 *
 * <h2>Thread safety</h2>
 * Confined to its shard's thread.
 */
final class Batch {
  private final int maxMessages;
  private final int maxBytes;
  private final LinkedHashMap<Addr, List<Pending>> byAddress = new LinkedHashMap<>();
  private final Map<Addr, Map<String, byte[]>> state = new LinkedHashMap<>();
  private int messages;
  private int bytes;

  Batch(int maxMessages, int maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  boolean full() {
    return messages >= maxMessages || bytes >= maxBytes;
  }

  boolean isEmpty() {
    return messages == 0;
  }

  int size() {
    return messages;
  }

  /** Takes pending entries of {@code inbox} in order, skipping every entry of a blocked address. */
  void take(KeyGroupInbox inbox, Predicate<Addr> blocked) {
    Set<Addr> skipped = new HashSet<>();
    for (Pending p : inbox.pending()) {
      if (full()) {
        return;
      }
      if (p.taken || skipped.contains(p.address)) {
        continue;
      }
      if (blocked.test(p.address)) {
        skipped.add(p.address);
        continue;
      }
      p.taken = true;
      byAddress.computeIfAbsent(p.address, a -> new ArrayList<>()).add(p);
      messages++;
      bytes += p.size();
    }
  }

  /** Gives the messages back to their inboxes after a batch that will not commit. */
  void release() {
    byAddress.values().forEach(list -> list.forEach(p -> p.taken = false));
  }

  void loadState(StateCache cache, ReadView view) {
    for (Addr address : byAddress.keySet()) {
      state.put(address, cache.get(address, view));
    }
  }

  Map<Addr, List<Pending>> byAddress() {
    return byAddress;
  }

  List<Addr> addresses() {
    return new ArrayList<>(byAddress.keySet());
  }

  InvocationBatch request() {
    InvocationBatch.Builder batch = InvocationBatch.newBuilder();
    byAddress.forEach((address, pending) -> {
      Invocation.Builder invocation = batch.addInvocationsBuilder().setTarget(pending.get(0).entry.getTarget());
      state.get(address).forEach((name, value) ->
          invocation.addState(StateValue.newBuilder().setName(name).setValue(ByteString.copyFrom(value))));
      for (Pending p : pending) {
        InboxEntry e = p.entry;
        InvocationMessage.Builder m = invocation.addMessagesBuilder()
            .setPayload(e.getPayload())
            .setEventTime(e.getEventTime())
            .setWatermark(Long.MIN_VALUE);
        if (e.hasCaller()) {
          m.setCaller(e.getCaller());
        }
      }
    });
    return batch.build();
  }
}
