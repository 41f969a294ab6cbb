package com.acme;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/** Numbers the notes it receives from other functions and writes them to the 'audit' egress. */
public final class Audit implements StatefulFunction {
  static final TypeName TYPE = TypeName.of("acme", "audit");
  static final ValueSpec<Long> ENTRIES = ValueSpec.named("entries").withType(Types.LONG);

  @Override
  public void apply(Context context, Message message) {
    long entries = context.storage().get(ENTRIES).orElse(0L) + 1;
    context.storage().set(ENTRIES, entries);
    String from = context.caller().map(caller -> caller.type().namespace() + "/" + caller.type().name()).orElse("ingress");
    context.egress("audit", Types.STRING, "#" + entries + " " + message.as(Types.STRING) + " from " + from);
  }
}
