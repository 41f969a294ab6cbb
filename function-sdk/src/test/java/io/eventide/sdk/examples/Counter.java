package io.eventide.sdk.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

// The counter of the Javadoc (StatefulFunction, ValueSpec), the one ShopModule registers.
// javadoc: StatefulFunction
public final class Counter implements StatefulFunction {
  // javadoc: ValueSpec
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  // end javadoc

  public void apply(Context context, Message message) {
    long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
    context.storage().set(COUNT, count);
    context.reply(Types.LONG, count);
    context.egress("counts", Types.STRING, context.self().id() + "=" + count);
  }
}
// end javadoc
