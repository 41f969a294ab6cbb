package io.eventide.parity;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * A sink that appends every line to a list in this JVM, where the local MiniCluster runs, so that
 * the oracle's output is complete once {@code execute()} returns (no result-fetching protocol in
 * between). Run it with parallelism 1 to keep the arrival order.
 *
 * <h2>Thread safety</h2>
 *
 * The lists are thread-safe; the test thread reads a run's list after the job has finished.
 */
final class CollectingSink implements Sink<String> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<String>> RUNS = new ConcurrentHashMap<>();

  private final String run = UUID.randomUUID().toString();

  /** Removes and returns every line this sink received. */
  List<String> drain() {
    List<String> lines = RUNS.remove(run);
    return lines == null ? List.of() : lines;
  }

  @Override
  @SuppressWarnings("deprecation") // Flink 1.20 still requires this overload
  public SinkWriter<String> createWriter(InitContext context) {
    List<String> lines = RUNS.computeIfAbsent(run, any -> new CopyOnWriteArrayList<>());
    return new SinkWriter<>() {
      @Override
      public void write(String line, Context context) {
        lines.add(line);
      }

      @Override
      public void flush(boolean endOfInput) {
        // Nothing is buffered.
      }

      @Override
      public void close() {
        // Nothing to release.
      }
    };
  }
}
