package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/**
 * {@code example/counter}: adds each payload (a number) to a running total per id, replies the new
 * total and logs it to the {@code counts} egress.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/call/example/counter/alice -H 'Content-Type: application/json' -d 5
 * 5
 * </pre>
 */
public final class Counter implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "counter");

  /** The running total. */
  public static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  /** The egress that receives {@code id=<id> count=<total>} after every message. */
  public static final String EGRESS = "counts";

  @Override
  public void apply(Context context, Message message) {
    long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
    context.storage().set(COUNT, count);
    context.reply(Types.LONG, count);
    context.egress(EGRESS, Types.STRING, "id=" + context.self().id() + " count=" + count);
  }
}
