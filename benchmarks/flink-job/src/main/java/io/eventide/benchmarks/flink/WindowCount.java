package io.eventide.benchmarks.flink;

/**
 * One firing: the count of a key's events in {@code [start, end)}, the same record Eventide's
 * {@code bench/window-count} writes to its egress. A Flink POJO.
 */
public final class WindowCount {
  public String key;
  public long start;
  public long end;
  public long count;

  public WindowCount() {}

  WindowCount(String key, long start, long end, long count) {
    this.key = key;
    this.start = start;
    this.end = end;
    this.count = count;
  }

  @Override
  public String toString() {
    return "{\"key\":\""
        + key
        + "\",\"start\":"
        + start
        + ",\"end\":"
        + end
        + ",\"count\":"
        + count
        + "}";
  }
}
