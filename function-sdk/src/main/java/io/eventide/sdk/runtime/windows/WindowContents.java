package io.eventide.sdk.runtime.windows;

import static java.util.Collections.unmodifiableList;

import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.runtime.IncomingMessage;
import io.eventide.sdk.runtime.InternalState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a window's contents grow, merge and are emitted, as Flink's aggregating and list window
 * state: an incremental aggregate kept as one value per window, or the window's messages kept as a
 * list that each message appends to, for a process function. Either lives under its slot's id
 * ({@link #name}) in the key's internal state, apart from the index and from other windows, so a
 * message writes its windows' contents and nothing else, and a window's messages are read only when
 * it fires.
 */
interface WindowContents {
  /** The largest accumulator kept in the index; a larger one is stored apart. */
  int INLINE_ACCUMULATOR_BYTES = 256;

  void add(InternalState state, WindowState index, WindowSlot slot, Message message);

  /**
   * Flink's {@code mergeNamespaces}: folds the contents of {@code target} and {@code sources} into
   * {@code result}, which keeps the id of one of them; the others' contents are removed.
   */
  void merge(
      InternalState state,
      WindowState index,
      WindowSlot result,
      WindowSlot target,
      List<WindowSlot> sources);

  void emit(Context context, InternalState state, TimeWindow window, WindowSlot slot)
      throws Exception;

  /** Removes the slot's contents (a purge, or the window's cleanup). */
  void clear(InternalState state, WindowSlot slot);

  /** The name of the contents of the slot with {@code id}. */
  static String name(long id) {
    return InternalState.PREFIX + "w/" + id;
  }

  /**
   * Moves contents read from a version 1 or 2 index, where they lived inside it, under an id of
   * their own; they are written in the call that first loads the old index.
   */
  static void migrate(InternalState state, WindowState index, WindowSlot slot) {
    if (slot.legacyAccumulator != null) {
      Aggregated.store(state, index, slot, slot.legacyAccumulator);
    }
    if (slot.legacyBuffer != null && !slot.legacyBuffer.isEmpty()) {
      slot.id = slot.id >= 0 ? slot.id : index.newId();
      for (IncomingMessage message : slot.legacyBuffer) {
        state.append(name(slot.id), Buffered.encode(message));
      }
      slot.buffered = slot.legacyBuffer.size();
    }
    slot.legacyAccumulator = null;
    slot.legacyBuffer = null;
  }

  static WindowContents of(WindowedFunctionSpec<?, ?> spec) {
    boolean merging = spec.assigner().isMerging();
    if (spec.evictor().isPresent()) {
      ProcessWindowFunction.WithState function =
          spec.processWithState().isPresent() ? spec.processWithState().get() : foldAtFiring(spec);
      return new EvictingContents(new Buffered(function, merging), spec.evictor().get());
    }
    if (spec.processWithState().isPresent()) {
      return new Buffered(spec.processWithState().get(), merging);
    }
    return aggregated(spec);
  }

  private static <A, O> WindowContents aggregated(WindowedFunctionSpec<A, O> spec) {
    return new Aggregated<>(
        spec.aggregateFunction().orElseThrow(), spec.windowFunction().orElseThrow());
  }

  /**
   * An aggregate behind an evictor, as Flink's {@code InternalAggregateProcessWindowFunction}: a
   * new accumulator folds the messages left at each firing.
   */
  private static <A, O> ProcessWindowFunction.WithState foldAtFiring(
      WindowedFunctionSpec<A, O> spec) {
    AggregateFunction<A, O> aggregate = spec.aggregateFunction().orElseThrow();
    WindowFunction<? super O> function = spec.windowFunction().orElseThrow();
    return (context, window, messages) -> {
      A accumulator = aggregate.createAccumulator();
      for (Message message : messages) {
        accumulator = aggregate.add(message, accumulator);
      }
      function.apply(context, window.window(), aggregate.getResult(accumulator));
    };
  }

  /**
   * An {@link AggregateFunction}'s accumulator, persisted with its {@code accumulatorType()}: in
   * the index when it is small, apart under the slot's id when it is not.
   */
  record Aggregated<A, O>(AggregateFunction<A, O> aggregate, WindowFunction<? super O> function)
      implements WindowContents {
    @Override
    public void add(InternalState state, WindowState index, WindowSlot slot, Message message) {
      A accumulator = slot.hasAccumulator() ? read(state, slot) : aggregate.createAccumulator();
      store(
          state,
          index,
          slot,
          aggregate.accumulatorType().encode(aggregate.add(message, accumulator)));
    }

    @Override
    public void merge(
        InternalState state,
        WindowState index,
        WindowSlot result,
        WindowSlot target,
        List<WindowSlot> sources) {
      A merged = null;
      for (WindowSlot source : sources) {
        if (source.hasAccumulator()) {
          A value = read(state, source);
          merged = merged == null ? value : aggregate.merge(merged, value);
          clear(state, source);
        }
      }
      A base = target.hasAccumulator() ? read(state, target) : null;
      A combined = merged == null ? base : base == null ? merged : aggregate.merge(base, merged);
      // The result takes the target's id: an accumulator stored apart under it is replaced there.
      result.id = target.id;
      result.accumulatorApart = target.accumulatorApart;
      if (combined != null) {
        store(state, index, result, aggregate.accumulatorType().encode(combined));
      }
    }

    @Override
    public void emit(Context context, InternalState state, TimeWindow window, WindowSlot slot)
        throws Exception {
      function.apply(context, window, aggregate.getResult(read(state, slot)));
    }

    @Override
    public void clear(InternalState state, WindowSlot slot) {
      if (slot.accumulatorApart) {
        state.removeValue(name(slot.id));
        slot.accumulatorApart = false;
      }
      slot.accumulator = null;
    }

    /** Keeps {@code encoded} in the index when small, else apart under the slot's id. */
    static void store(InternalState state, WindowState index, WindowSlot slot, byte[] encoded) {
      if (encoded.length <= INLINE_ACCUMULATOR_BYTES) {
        if (slot.accumulatorApart) {
          state.removeValue(name(slot.id));
          slot.accumulatorApart = false;
        }
        slot.accumulator = encoded;
        return;
      }
      if (slot.id < 0) {
        slot.id = index.newId();
      }
      state.setValue(name(slot.id), encoded);
      slot.accumulatorApart = true;
      slot.accumulator = null;
    }

    private A read(InternalState state, WindowSlot slot) {
      byte[] bytes = slot.accumulator != null ? slot.accumulator : state.value(name(slot.id));
      if (bytes == null) {
        throw new IllegalStateException("window contents " + name(slot.id) + " are missing");
      }
      return aggregate.accumulatorType().decode(bytes);
    }
  }

  /**
   * Every message of the window, for a {@link ProcessWindowFunction}: a list each message appends
   * to.
   */
  record Buffered(ProcessWindowFunction.WithState function, boolean merging)
      implements WindowContents {
    @Override
    public void add(InternalState state, WindowState index, WindowSlot slot, Message message) {
      if (slot.id < 0) {
        slot.id = index.newId();
      }
      state.append(name(slot.id), encode(message));
      slot.buffered++;
    }

    /** The merged window keeps the longest list; the others' messages are appended to it. */
    @Override
    public void merge(
        InternalState state,
        WindowState index,
        WindowSlot result,
        WindowSlot target,
        List<WindowSlot> sources) {
      List<WindowSlot> all = new ArrayList<>();
      all.add(target);
      all.addAll(sources);
      WindowSlot keeper = target;
      for (WindowSlot slot : all) {
        if (slot.buffered > keeper.buffered) {
          keeper = slot;
        }
      }
      result.id = keeper.id >= 0 ? keeper.id : index.newId();
      result.buffered = keeper.buffered;
      for (WindowSlot slot : all) {
        if (slot != keeper && slot.buffered > 0) {
          for (byte[] element : state.list(name(slot.id))) {
            state.append(name(result.id), element);
          }
          result.buffered += slot.buffered;
          state.clearList(name(slot.id));
        }
      }
    }

    @Override
    public void emit(Context context, InternalState state, TimeWindow window, WindowSlot slot)
        throws Exception {
      List<Message> messages = read(state, slot);
      function.process(context, firing(context, state, window, slot), unmodifiableList(messages));
    }

    /** The slot's messages, in the order added, in a new mutable list. */
    static List<Message> read(InternalState state, WindowSlot slot) {
      List<byte[]> elements = state.list(name(slot.id));
      List<Message> messages = new ArrayList<>(elements.size());
      for (byte[] element : elements) {
        messages.add(decode(element));
      }
      return messages;
    }

    FiringContext firing(Context context, InternalState state, TimeWindow window, WindowSlot slot) {
      return new FiringContext(context, state, window, slot, merging);
    }

    @Override
    public void clear(InternalState state, WindowSlot slot) {
      if (slot.buffered > 0) {
        state.clearList(name(slot.id));
        slot.buffered = 0;
      }
    }

    /**
     * A message as a list element: its event time, its content type (length-prefixed UTF-8), its
     * payload.
     */
    static byte[] encode(Message message) {
      byte[] contentType = message.contentType().getBytes(StandardCharsets.UTF_8);
      byte[] payload = message.payload();
      return ByteBuffer.allocate(Long.BYTES + Integer.BYTES + contentType.length + payload.length)
          .putLong(message.eventTime())
          .putInt(contentType.length)
          .put(contentType)
          .put(payload)
          .array();
    }

    static Message decode(byte[] element) {
      ByteBuffer in = ByteBuffer.wrap(element);
      long eventTime = in.getLong();
      byte[] contentType = new byte[in.getInt()];
      in.get(contentType);
      byte[] payload = new byte[in.remaining()];
      in.get(payload);
      return new IncomingMessage(
          payload, new String(contentType, StandardCharsets.UTF_8), eventTime);
    }
  }
}
