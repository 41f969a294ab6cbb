package io.eventide.sdk;

/**
 * A message scheduled with {@link Context#sendAfterCancellable}, until it is delivered. Its {@link
 * #id} is stable and can be kept in state, so that a later call, for another message, can cancel it
 * with {@link Context#cancelDelayed}. A cancel takes effect once, with the commit of the call that
 * asks for it; cancelling a message that was already delivered, or was cancelled before, does
 * nothing.
 *
 * <pre>{@code
 * DelayedMessage reminder =
 *     context.sendAfterCancellable(Duration.ofMinutes(30), context.self(), Types.STRING, "remind");
 * context.storage().set(REMINDER, reminder.id()); // a later "paid" cancels it by this id
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * {@link #id} may be read from any thread at any time; {@link #cancel} only during the call that
 * sent the message, as the {@link Context} it came from.
 */
public interface DelayedMessage {
  /** The message's id: opaque text, the same in every later call. */
  String id();

  /**
   * Cancels the message with this call's commit: it is never delivered. Same as {@code
   * context.cancelDelayed(id())} on the context that sent it.
   */
  void cancel();
}
