package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.TimeWindow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order in which Flink's {@code MergingWindowSet} hands merged session windows to the state:
 * {@code TimeWindow.mergeWindows} gathers each group in a {@code java.util.HashSet}, filled in
 * start order, and the first window it iterates gives the merged window its state, the others'
 * state being appended to it in iteration order. That order decides what a count or delta evictor
 * keeps in a merged session, so it is reproduced here with the same set, filled the same way, under
 * Flink's {@code TimeWindow.hashCode} ({@code MathUtils.longToIntWithBitMixing(start + end)}).
 */
final class FlinkMergeOrder {
  private FlinkMergeOrder() {}

  /**
   * {@code group} (the windows merging, in start order, usually {@code added} among them) in
   * Flink's iteration order, {@code added} left out.
   */
  static List<TimeWindow> of(Collection<TimeWindow> group, TimeWindow added) {
    // Flink sorts stably by start alone, the new window last among equal starts.
    List<TimeWindow> insertion = new ArrayList<>(group);
    if (insertion.remove(added)) {
      int at = 0;
      while (at < insertion.size() && insertion.get(at).start() <= added.start()) {
        at++;
      }
      insertion.add(at, added);
    }
    Set<Hashed> set = new HashSet<>();
    for (TimeWindow window : insertion) {
      set.add(new Hashed(window));
    }
    List<TimeWindow> ordered = new ArrayList<>(set.size());
    for (Hashed hashed : set) {
      if (!hashed.window().equals(added)) {
        ordered.add(hashed.window());
      }
    }
    return ordered;
  }

  /** A window under Flink's hash. */
  private record Hashed(TimeWindow window) {
    @Override
    public int hashCode() {
      return bitMix(window.start() + window.end());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Hashed hashed && hashed.window.equals(window);
    }
  }

  /** Flink's {@code MathUtils.longToIntWithBitMixing}. */
  static int bitMix(long in) {
    in = (in ^ (in >>> 30)) * 0xbf58476d1ce4e5b9L;
    in = (in ^ (in >>> 27)) * 0x94d049bb133111ebL;
    in = in ^ (in >>> 31);
    return (int) in;
  }
}
