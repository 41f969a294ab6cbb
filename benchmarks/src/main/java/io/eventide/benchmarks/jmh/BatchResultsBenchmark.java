package io.eventide.benchmarks.jmh;

import com.google.protobuf.ByteString;
import io.eventide.protocol.Address;
import io.eventide.protocol.EgressRecord;
import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.MessageEffects;
import io.eventide.protocol.Payload;
import io.eventide.protocol.StateValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A worker's answer to one batch of windowed counting: a result per address (its window state, a
 * timer, and for one address in ten a firing for the egress), put into one part, with and without
 * first weighing every result ({@code getSerializedSize}, as a part bound for gRPC must be). A
 * receiver in the same process takes the part as an object, so there the weighing is all the
 * difference ({@code BatchRun.UNBOUNDED_PARTS}).
 *
 * <pre>
 * benchmarks/jmh.sh BatchResults -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchResultsBenchmark {
  @Param({"1000", "10000"})
  public int addresses;

  private final ByteString windowState = ByteString.copyFrom(new byte[96]);
  private final ByteString firing =
      ByteString.copyFrom(
          "{\"key\":\"k-1234\",\"start\":1700000000000,\"end\":1700000001000,\"count\":10}",
          StandardCharsets.UTF_8);

  /** The part as an in-process receiver gets it. */
  @Benchmark
  public InvocationBatchPart onePart() {
    return InvocationBatchPart.newBuilder().addAllResults(results()).setLast(true).build();
  }

  /** The same, after summing the results' sizes to see that they fit one part. */
  @Benchmark
  public InvocationBatchPart onePartWeighed() {
    List<InvocationResult> results = results();
    long bytes = 0;
    for (InvocationResult result : results) {
      bytes += result.getSerializedSize();
    }
    if (bytes > 16 << 20) {
      throw new IllegalStateException("the batch does not fit one part: " + bytes);
    }
    return InvocationBatchPart.newBuilder().addAllResults(results).setLast(true).build();
  }

  private List<InvocationResult> results() {
    List<InvocationResult> results = new ArrayList<>(addresses);
    for (int a = 0; a < addresses; a++) {
      MessageEffects.Builder effects = MessageEffects.newBuilder().addTimers(1_700_000_001_499L);
      if (a % 10 == 0) {
        effects.addEgress(
            EgressRecord.newBuilder()
                .setEgress("window-counts")
                .setPayload(
                    Payload.newBuilder().setContentType("application/json").setData(firing)));
      }
      results.add(
          InvocationResult.newBuilder()
              .setTarget(
                  Address.newBuilder()
                      .setNamespace("bench")
                      .setType("window-count-late")
                      .setId("k-" + a))
              .setHandled(1)
              .addState(StateValue.newBuilder().setName("window").setValue(windowState))
              .addEffects(effects)
              .build());
    }
    return results;
  }
}
