package io.eventide.sdk.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/**
 * The function the {@code FunctionSpec} examples register: remembers and answers the last text it
 * saw.
 */
final class Enricher implements StatefulFunction {
  static final ValueSpec<String> CACHE = ValueSpec.named("cache").withType(Types.STRING);

  @Override
  public void apply(Context context, Message message) {
    String previous = context.storage().get(CACHE).orElse("");
    context.storage().set(CACHE, message.as(Types.STRING));
    context.reply(Types.STRING, previous);
  }
}
