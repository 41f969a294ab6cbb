package io.eventide.worker.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.eventide.protocol.DelayedRef;
import io.eventide.protocol.EgressRecord;
import io.eventide.protocol.MapEntryChange;
import io.eventide.protocol.MessageEffects;
import io.eventide.protocol.OutgoingMessage;
import io.eventide.protocol.Payload;
import io.eventide.protocol.SourceConfig;
import io.eventide.protocol.StateValue;
import io.eventide.sdk.Address;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.runtime.Effect;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.MapChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Conversions between the SDK's in-memory types and the protocol's messages. */
final class Protos {
  private Protos() {}

  static Address address(io.eventide.protocol.Address proto) {
    return Address.of(proto.getNamespace(), proto.getType(), proto.getId());
  }

  static io.eventide.protocol.Address address(Address address) {
    return io.eventide.protocol.Address.newBuilder()
        .setNamespace(address.type().namespace())
        .setType(address.type().name())
        .setId(address.id())
        .build();
  }

  /** The persisted values an invocation carries; removed ones count as not set. */
  static HashMap<String, byte[]> state(List<StateValue> values) {
    HashMap<String, byte[]> state = new HashMap<>();
    for (StateValue value : values) {
      if (!value.getRemoved()) {
        state.put(value.getName(), value.getValue().toByteArray());
      }
    }
    return state;
  }

  /** Changed internal lists, sorted by name so results are deterministic. */
  static List<io.eventide.protocol.ListChange> lists(Map<String, HandlerScope.ListChange> changed) {
    List<io.eventide.protocol.ListChange> out = new ArrayList<>(changed.size());
    for (Map.Entry<String, HandlerScope.ListChange> entry : new TreeMap<>(changed).entrySet()) {
      io.eventide.protocol.ListChange.Builder change =
          io.eventide.protocol.ListChange.newBuilder()
              .setName(entry.getKey())
              .setCleared(entry.getValue().cleared());
      for (byte[] element : entry.getValue().appended()) {
        change.addAppended(
            UnsafeByteOperations.unsafeWrap(element)); // elements are never changed once appended
      }
      out.add(change.build());
    }
    return out;
  }

  /** Changed maps, sorted by name so results are deterministic; entries are in key order. */
  static List<io.eventide.protocol.MapChange> maps(Map<String, MapChange> changed) {
    if (changed.isEmpty()) {
      return List.of();
    }
    List<io.eventide.protocol.MapChange> out = new ArrayList<>(changed.size());
    for (Map.Entry<String, MapChange> entry : new TreeMap<>(changed).entrySet()) {
      io.eventide.protocol.MapChange.Builder change =
          io.eventide.protocol.MapChange.newBuilder()
              .setName(entry.getKey())
              .setCleared(entry.getValue().cleared());
      entry
          .getValue()
          .entries()
          .forEach(
              (key, value) -> {
                MapEntryChange.Builder one =
                    MapEntryChange.newBuilder().setKey(UnsafeByteOperations.unsafeWrap(key));
                if (value == HandlerScope.ABSENT) {
                  one.setRemoved(true);
                } else {
                  // Entries are never changed once put: a later put replaces the array.
                  one.setValue(UnsafeByteOperations.unsafeWrap(value));
                }
                change.addEntries(one);
              });
      out.add(change.build());
    }
    return out;
  }

  /**
   * Changed values, sorted by name so results are deterministic; {@link HandlerScope#ABSENT} =
   * removed.
   */
  static List<StateValue> changes(Map<String, byte[]> changed) {
    List<StateValue> out = new ArrayList<>(changed.size());
    for (Map.Entry<String, byte[]> entry : new TreeMap<>(changed).entrySet()) {
      StateValue.Builder value = StateValue.newBuilder().setName(entry.getKey());
      if (entry.getValue() == HandlerScope.ABSENT) {
        value.setRemoved(true);
      } else {
        value.setValue(ByteString.copyFrom(entry.getValue()));
      }
      out.add(value.build());
    }
    return out;
  }

  /** The effects of one handled message. */
  static MessageEffects effects(List<Effect> effects) {
    if (effects.isEmpty()) {
      return MessageEffects.getDefaultInstance(); // most messages only change state
    }
    MessageEffects.Builder out = MessageEffects.newBuilder();
    for (Effect effect : effects) {
      // Java 17 has no pattern switch; Effect is sealed, so this chain is exhaustive.
      if (effect instanceof Effect.Send send) {
        OutgoingMessage.Builder message =
            OutgoingMessage.newBuilder()
                .setTarget(address(send.target()))
                .setPayload(payload(send.contentType(), send.payload()))
                .setEventTime(send.eventTime())
                .setDelayMillis(send.delayMillis());
        if (send.delayMillis() > 0 && send.delayed() != null) {
          message.setDueAt(send.delayed().dueAt()).setDelayedToken(send.delayed().token());
        }
        out.addMessages(message);
      } else if (effect instanceof Effect.Egress egress) {
        EgressRecord.Builder record =
            EgressRecord.newBuilder()
                .setEgress(egress.egress())
                .setPayload(payload(egress.contentType(), egress.payload()))
                .setEventTime(egress.eventTime());
        if (egress.key() != null) {
          record.setKey(egress.key());
        }
        out.addEgress(record);
      } else if (effect instanceof Effect.Reply reply) {
        out.setReply(payload(reply.contentType(), reply.payload())).setHasReply(true);
      } else if (effect instanceof Effect.Timer timer) {
        out.addTimers(timer.timestamp());
      } else if (effect instanceof Effect.ProcessingTimer timer) {
        out.addProcessingTimers(timer.timestamp());
      } else if (effect instanceof Effect.DeleteTimer delete) {
        out.addDeletedTimers(delete.timestamp());
      } else if (effect instanceof Effect.DeleteProcessingTimer delete) {
        out.addDeletedProcessingTimers(delete.timestamp());
      } else if (effect instanceof Effect.CancelDelayed cancel) {
        out.addCancelled(
            DelayedRef.newBuilder()
                .setTarget(address(cancel.id().target()))
                .setDueAt(cancel.id().dueAt())
                .setToken(cancel.id().token()));
      }
    }
    return out.build();
  }

  /** {@code effects} without the event-time timer at {@code timer}. */
  static MessageEffects withoutTimer(MessageEffects effects, long timer) {
    if (!effects.getTimersList().contains(timer)) {
      return effects;
    }
    MessageEffects.Builder b = effects.toBuilder().clearTimers();
    effects.getTimersList().stream().filter(t -> t != timer).forEach(b::addTimers);
    return b.build();
  }

  /**
   * {@code effects} followed by what a timer firing did; a timer has no reply to give. A message's
   * deletes apply before its registrations, so a registration of {@code effects} that the firing
   * deletes is dropped here: the two stay one message's effects with the same outcome.
   */
  static MessageEffects append(MessageEffects effects, MessageEffects firing) {
    MessageEffects.Builder out = effects.toBuilder();
    if (firing.getDeletedTimersCount() > 0) {
      out.clearTimers();
      effects.getTimersList().stream()
          .filter(t -> !firing.getDeletedTimersList().contains(t))
          .forEach(out::addTimers);
    }
    if (firing.getDeletedProcessingTimersCount() > 0) {
      out.clearProcessingTimers();
      effects.getProcessingTimersList().stream()
          .filter(t -> !firing.getDeletedProcessingTimersList().contains(t))
          .forEach(out::addProcessingTimers);
    }
    return out.addAllMessages(firing.getMessagesList())
        .addAllEgress(firing.getEgressList())
        .addAllTimers(firing.getTimersList())
        .addAllProcessingTimers(firing.getProcessingTimersList())
        .addAllDeletedTimers(firing.getDeletedTimersList())
        .addAllDeletedProcessingTimers(firing.getDeletedProcessingTimersList())
        .addAllCancelled(firing.getCancelledList())
        .build();
  }

  /** A module's source settings as the deployment record keeps them. */
  static SourceConfig source(SourceSpec spec) {
    return SourceConfig.newBuilder()
        .setName(spec.name())
        .setOutOfOrdernessMillis(spec.outOfOrderness().toMillis())
        .setIdleTimeoutMillis(spec.idleTimeout().toMillis())
        .setExplicitWatermarks(spec.explicitWatermarks())
        .build();
  }

  static Payload payload(String contentType, byte[] data) {
    return Payload.newBuilder()
        .setContentType(contentType)
        .setData(ByteString.copyFrom(data))
        .build();
  }
}
