package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/**
 * {@code bench/count}: adds each payload (a number) to a running total per id, and nothing else:
 * the keyed count a Flink job keeps with {@code keyBy(..).sum(..)}. The keyed-counting benchmarks
 * drive it; unlike {@link Counter} it writes no egress record per message, so what they measure is
 * the exactly-once path of a message and its state change alone. It replies the total to callers.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/send/bench/count/alice -d 5
 * curl localhost:7070/v1/state/bench/count/alice/count   # 5
 * </pre>
 */
public final class KeyedCount implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("bench", "count");

  /** The running total. */
  public static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  @Override
  public void apply(Context context, Message message) {
    long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
    context.storage().set(COUNT, count);
    context.reply(Types.LONG, count);
  }
}
