package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/**
 * {@code example/notifier}: writes every message it gets to the {@code notifications} egress as
 * {@code <id>:<n>:<text>}, numbered per address, keyed by the address id. Configure that egress as
 * a webhook or a Kafka topic and each user's notifications arrive in order, once per record id (a
 * Kafka topic keyed by user).
 *
 * <pre>
 * eventide egresses create '{"name":"notifications","kind":"http","url":"http://127.0.0.1:9000/hook"}'
 * curl -X POST localhost:7070/v1/send/example/notifier/alice -H 'Content-Type: text/plain' -d hi
 * # the hook gets POST body "alice:1:hi", Idempotency-Key m....0, X-Eventide-Key alice
 * </pre>
 */
public final class Notifier implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "notifier");

  /** The egress it writes to. */
  public static final String EGRESS = "notifications";

  /** How many notifications this address sent. */
  public static final ValueSpec<Long> SENT = ValueSpec.named("sent").withType(Types.LONG);

  @Override
  public void apply(Context context, Message message) {
    long sent = context.storage().get(SENT).orElse(0L) + 1;
    context.storage().set(SENT, sent);
    String id = context.self().id();
    context.egress(EGRESS, id, Types.STRING, id + ":" + sent + ":" + message.as(Types.STRING));
  }
}
