package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Context;
import io.eventide.sdk.Evictor;
import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.runtime.InternalState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A window behind an {@link Evictor}, as Flink's {@code EvictingWindowOperator}: every message is
 * kept (an aggregate too, folded at firing), and a firing reads them in the order added, runs
 * {@code evictBefore}, the function over what is left, {@code evictAfter}, and writes back what is
 * left then if anything was evicted. A firing that evicts every message leaves the window empty, so
 * it fires again only once a message is added, as Flink's does. Merged sessions keep Flink's order
 * of messages too.
 */
record EvictingContents(WindowContents.Buffered buffer, Evictor evictor) implements WindowContents {
  @Override
  public void add(InternalState state, WindowState index, WindowSlot slot, Message message) {
    buffer.add(state, index, slot, message);
  }

  /**
   * As Flink's heap list state merges: the target's messages, then each source's in order ({@link
   * FlinkMergeOrder}), since an evictor's choice depends on that order. Unlike a plain process
   * window, which keeps the longest list where it is, this moves every source's messages.
   */
  @Override
  public void merge(
      InternalState state,
      WindowState index,
      WindowSlot result,
      WindowSlot target,
      List<WindowSlot> sources) {
    result.id = target.id >= 0 ? target.id : index.newId();
    result.buffered = target.buffered;
    String name = WindowContents.name(result.id);
    for (WindowSlot source : sources) {
      if (source.buffered > 0) {
        for (byte[] element : state.list(WindowContents.name(source.id))) {
          state.append(name, element);
        }
        result.buffered += source.buffered;
        buffer.clear(state, source);
      }
    }
  }

  @Override
  public void emit(Context context, InternalState state, TimeWindow window, WindowSlot slot)
      throws Exception {
    List<Message> elements = Buffered.read(state, slot);
    int kept = elements.size();
    Evictor.EvictorContext evictorContext = evictorContext(context);
    evictor.evictBefore(elements, window, evictorContext);
    buffer
        .function()
        .process(
            context,
            buffer.firing(context, state, window, slot),
            Collections.unmodifiableList(new ArrayList<>(elements)));
    evictor.evictAfter(elements, window, evictorContext);
    if (elements.size() != kept) {
      String name = WindowContents.name(slot.id);
      state.clearList(name);
      for (Message message : elements) {
        state.append(name, Buffered.encode(message));
      }
      slot.buffered = elements.size();
    }
  }

  @Override
  public void clear(InternalState state, WindowSlot slot) {
    buffer.clear(state, slot);
  }

  private static Evictor.EvictorContext evictorContext(Context context) {
    return new Evictor.EvictorContext() {
      @Override
      public long currentWatermark() {
        return context.currentWatermark();
      }

      @Override
      public long currentProcessingTime() {
        return context.currentProcessingTime();
      }
    };
  }
}
