package io.eventide.benchmarks.jmh;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.Address;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.Payload;
import io.eventide.protocol.StateValue;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An invocation batch as the dispatcher builds it and a worker reads it: {@code addresses} counters
 * with their state and four one-byte messages each, built and serialized, then parsed.
 *
 * <pre>
 * benchmarks/jmh.sh InvocationEncoding
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class InvocationEncodingBenchmark {
  @Param({"100", "1000"})
  public int addresses;

  private final ByteString one = ByteString.copyFrom("1", StandardCharsets.UTF_8);
  private final ByteString count = ByteString.copyFrom(new byte[8]);
  private byte[] encoded;

  @Setup
  public void encodeOnce() {
    encoded = build().toByteArray();
  }

  @Benchmark
  public byte[] buildAndSerialize() {
    return build().toByteArray();
  }

  @Benchmark
  public InvocationBatch parse() throws InvalidProtocolBufferException {
    return InvocationBatch.parseFrom(encoded);
  }

  private InvocationBatch build() {
    InvocationBatch.Builder batch = InvocationBatch.newBuilder();
    for (int a = 0; a < addresses; a++) {
      Invocation.Builder invocation =
          batch
              .addInvocationsBuilder()
              .setTarget(
                  Address.newBuilder()
                      .setNamespace("example")
                      .setType("counter")
                      .setId("user-" + a))
              .addState(StateValue.newBuilder().setName("count").setValue(count));
      for (int m = 0; m < 4; m++) {
        invocation.addMessages(
            InvocationMessage.newBuilder()
                .setPayload(Payload.newBuilder().setContentType("application/json").setData(one))
                .setEventTime(1_700_000_000_000L + m));
      }
    }
    return batch.build();
  }
}
