package io.eventide.examples;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/**
 * {@code example/greeter}: greets a user (the address id) by the name in the payload, counting
 * visits per user. Shows the three ways out of a function: a reply, a message to another function
 * ({@code example/counter/greetings} counts all greetings) and an egress record.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/call/example/greeter/u1 -H 'Content-Type: text/plain' -d Ada
 * Hello, Ada! (#1)
 * </pre>
 */
public final class Greeter implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "greeter");

  /** How many times this user was greeted. */
  public static final ValueSpec<Long> SEEN = ValueSpec.named("seen").withType(Types.LONG);

  /** The egress that receives every greeting. */
  public static final String EGRESS = "greetings";

  /** The counter instance that counts greetings across all users. */
  public static final Address GREETINGS_COUNTER = new Address(Counter.TYPE, "greetings");

  @Override
  public void apply(Context context, Message message) {
    long seen = context.storage().get(SEEN).orElse(0L) + 1;
    context.storage().set(SEEN, seen);

    String greeting = "Hello, " + message.as(Types.STRING) + "! (#" + seen + ")";
    context.reply(Types.STRING, greeting);
    context.send(GREETINGS_COUNTER, Types.LONG, 1L);
    context.egress(EGRESS, Types.STRING, greeting);
  }
}
