package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;

/**
 * {@code example/failing}: throws on every message, to show retries and dead letters. After the
 * platform's last retry the message lands in the {@code dead-letters} egress with the error, and
 * the address keeps serving.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/send/example/failing/x -d hello
 * # GET /v1/egress/dead-letters shows {"target":"example/failing/x","error":"...always fails",...}
 * </pre>
 */
public final class Failing implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "failing");

  /** The message of the exception every call throws. */
  public static final String ERROR = "example/failing always fails";

  @Override
  public void apply(Context context, Message message) {
    throw new IllegalStateException(ERROR);
  }
}
