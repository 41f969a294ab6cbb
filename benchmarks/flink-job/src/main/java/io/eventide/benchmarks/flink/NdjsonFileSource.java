package io.eventide.benchmarks.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;

/**
 * Emits the lines of a file, in file order, from a single task, and checkpoints the byte offset of
 * the next line, so that a job restored from a checkpoint resumes right after the last line that
 * checkpoint covers (exactly-once together with Flink's barriers). Counts the lines it emitted in
 * the accumulator {@value #LINES}.
 *
 * <p>A {@code SourceFunction} although Flink 1.20 deprecates them: its {@code FileSource} ({@code
 * flink-connector-files}) is not served at version 1.20.4 here, and a single-reader source is all
 * this benchmark needs. Lines are emitted under the checkpoint lock, so that a barrier never falls
 * between emitting a line and advancing the offset.
 */
@SuppressWarnings("deprecation")
final class NdjsonFileSource extends RichSourceFunction<String> implements CheckpointedFunction {

  static final String LINES = "lines";

  private static final long serialVersionUID = 1L;

  private final String path;
  private volatile boolean running = true;
  private long offset;
  private transient ListState<Long> offsetState;
  private transient LongCounter lines;

  NdjsonFileSource(Path path) {
    this.path = path.toAbsolutePath().toString();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    offsetState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("offset", Long.class));
    for (Long restored : offsetState.get()) {
      offset = restored;
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    offsetState.update(java.util.List.of(offset));
  }

  @Override
  public void open(OpenContext openContext) {
    lines = getRuntimeContext().getLongCounter(LINES);
  }

  @Override
  public void run(SourceContext<String> context) throws IOException {
    try (FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
      channel.position(offset);
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      ByteArrayOutputStream carry =
          new ByteArrayOutputStream(256); // a line cut by the buffer's end
      while (running && channel.read(buffer) >= 0) {
        byte[] bytes = buffer.array();
        int lineStart = 0;
        for (int i = 0; i < buffer.position() && running; i++) {
          if (bytes[i] != '\n') {
            continue;
          }
          if (carry.size() == 0) {
            emit(
                context,
                new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8),
                i - lineStart + 1);
          } else {
            carry.write(bytes, lineStart, i - lineStart);
            emit(context, carry.toString(StandardCharsets.UTF_8), carry.size() + 1);
            carry.reset();
          }
          lineStart = i + 1;
        }
        carry.write(bytes, lineStart, buffer.position() - lineStart);
        buffer.clear();
      }
      if (running && carry.size() > 0) {
        emit(
            context,
            carry.toString(StandardCharsets.UTF_8),
            carry.size()); // a last line without a newline
      }
    }
  }

  private void emit(SourceContext<String> context, String line, int bytes) {
    synchronized (context.getCheckpointLock()) {
      if (!line.isBlank()) {
        context.collect(line);
        lines.add(1);
      }
      offset += bytes;
    }
  }

  @Override
  public void cancel() {
    running = false;
  }
}
