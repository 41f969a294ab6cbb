package io.eventide.sdk.testing;

import io.eventide.sdk.runtime.Effect;

/**
 * What became of a {@link FunctionTestDriver#call}: the handler's reply, or the failure that sent
 * the message to the dead letters.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; used on the driver's thread.
 */
final class CallResult {
  private Effect.Reply reply;
  private Exception failure;

  void replied(Effect.Reply reply) {
    this.reply = reply;
  }

  void failed(Exception failure) {
    this.failure = failure;
  }

  Effect.Reply reply() {
    return reply;
  }

  Exception failure() {
    return failure;
  }
}
