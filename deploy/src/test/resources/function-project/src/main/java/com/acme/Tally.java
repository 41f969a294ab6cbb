package com.acme;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/** Adds each amount to a running total, replies with it, and tells acme/audit about it. */
public final class Tally implements StatefulFunction {
  static final TypeName TYPE = TypeName.of("acme", "tally");
  static final ValueSpec<Long> TOTAL = ValueSpec.named("total").withType(Types.LONG);

  @Override
  public void apply(Context context, Message message) {
    long total = context.storage().get(TOTAL).orElse(0L) + message.as(Types.LONG);
    context.storage().set(TOTAL, total);
    context.reply(Types.LONG, total);
    String id = context.self().id();
    context.send(new Address(Audit.TYPE, id), Types.STRING, "tally " + id + " total=" + total);
  }
}
