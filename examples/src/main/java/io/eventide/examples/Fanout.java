package io.eventide.examples;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.util.List;

/**
 * {@code example/fanout}: sends {@code amount} to {@code example/counter/<target>} for every target
 * of a JSON request, and replies how many messages it sent. Shows a JSON payload bound to a record,
 * and one message fanning out to many function instances.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/call/example/fanout/f1 -H 'Content-Type: application/json' \
 *      -d '{"targets":["a","b"],"amount":3}'
 * 2
 * </pre>
 */
public final class Fanout implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "fanout");

  /**
   * The payload: {@code {"targets":["a","b"],"amount":3}}.
   *
   * @param targets counter ids to send to; missing means none
   * @param amount what to add to each counter
   */
  public record Request(List<String> targets, long amount) {
    /** The JSON type of requests. */
    public static final Type<Request> JSON = Types.json(Request.class);

    /** Treats missing targets as none. */
    public Request {
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }

  @Override
  public void apply(Context context, Message message) {
    Request request = message.as(Request.JSON);
    for (String target : request.targets()) {
      context.send(new Address(Counter.TYPE, target), Types.LONG, request.amount());
    }
    context.reply(Types.LONG, (long) request.targets().size());
  }
}
