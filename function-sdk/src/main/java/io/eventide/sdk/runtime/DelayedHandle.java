package io.eventide.sdk.runtime;

import io.eventide.sdk.DelayedMessage;
import java.util.function.Consumer;

/**
 * The handle {@code sendAfterCancellable} returns: the message's id, and a cancel through the
 * context that sent it (valid during that call only, as the context is).
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; {@link #cancel} is as thread-safe as the context it calls.
 */
record DelayedHandle(String id, Consumer<String> canceller) implements DelayedMessage {
  @Override
  public void cancel() {
    canceller.accept(id);
  }

  @Override
  public String toString() {
    return "DelayedMessage[" + id + "]";
  }
}
