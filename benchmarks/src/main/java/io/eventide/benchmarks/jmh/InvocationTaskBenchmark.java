package io.eventide.benchmarks.jmh;

import com.google.protobuf.ByteString;
import io.eventide.protocol.Address;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.Payload;
import io.eventide.protocol.StateValue;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.testing.InvocationFixture;
import java.util.HashMap;
import java.util.Map;
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
 * A worker's handler thread running one invocation of keyed counting ({@code bench/count}'s
 * handler): {@code messages} messages for one key that has a count stored already, each adding to
 * it and replying, with {@code others} values stored beside the count. What is measured is the
 * worker's cost per message around the handler: the scope, the state kept for a timeout's partial
 * answer, and the effects of each message. Through {@code
 * io.eventide.worker.testing.InvocationFixture} in the worker's test jar.
 *
 * <pre>
 * benchmarks/jmh.sh InvocationTask -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvocationTaskBenchmark {
  @Param({"1", "16", "256"})
  public int messages;

  /** Further values the key has stored, which its handler does not touch. */
  @Param({"0", "8"})
  public int others;

  private static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  /** As {@code io.eventide.examples.KeyedCount}. */
  public static final class Count implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
      context.storage().set(COUNT, count);
      context.reply(Types.LONG, count);
    }
  }

  private RegisteredFunction function;
  private Invocation invocation;

  @Setup
  public void setUp() {
    Map<String, ValueSpec<?>> specs = new HashMap<>(Map.of(COUNT.name(), COUNT));
    for (int v = 0; v < others; v++) {
      specs.put("note_" + v, ValueSpec.named("note_" + v).withType(Types.STRING));
    }
    function =
        new RegisteredFunction(
            TypeName.of("bench", "count"),
            Count::new,
            specs,
            InvocationTaskBenchmark.class.getClassLoader(),
            "bench-1");
    Invocation.Builder builder =
        Invocation.newBuilder()
            .setTarget(Address.newBuilder().setNamespace("bench").setType("count").setId("k-42"))
            .addState(
                StateValue.newBuilder()
                    .setName(COUNT.name())
                    .setValue(ByteString.copyFrom(Types.LONG.encode(41L))));
    for (int v = 0; v < others; v++) {
      builder.addState(
          StateValue.newBuilder()
              .setName("note_" + v)
              .setValue(ByteString.copyFrom(Types.STRING.encode("a note of some length " + v))));
    }
    Payload one =
        Payload.newBuilder()
            .setContentType(Types.LONG.contentType())
            .setData(ByteString.copyFrom(Types.LONG.encode(1L)))
            .build();
    for (int m = 0; m < messages; m++) {
      builder.addMessages(
          InvocationMessage.newBuilder()
              .setPayload(one)
              .setEventTime(1_700_000_000_000L + m)
              .setReplyUnused(true));
    }
    invocation = builder.build();
  }

  @Benchmark
  public InvocationResult invoke() {
    return InvocationFixture.run(invocation, function);
  }
}
