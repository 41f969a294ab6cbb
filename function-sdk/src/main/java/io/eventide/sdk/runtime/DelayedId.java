package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a delayed message's id ({@code DelayedMessage.id()}) stands for: where the message waits
 * until it is due. The platform stores a delayed message under its target's key group, its due time
 * and its token, so a cancel is one blind clear of that key, with no read: the id carries all
 * three. Written {@code d<due>.<token>.<namespace>/<type>/<id>}; the address comes last, since its
 * id may hold any character.
 *
 * @param target the receiver
 * @param dueAt processing time at which it is delivered, epoch ms
 * @param token unique among the messages due at the same time: hex digits, a random prefix per call
 *     and then the message's place in the call, so that the messages one call sends for the same
 *     time are delivered in the order it sent them
 */
public record DelayedId(Address target, long dueAt, String token) {
  private static final String PREFIX = "d";

  public DelayedId {
    Objects.requireNonNull(target, "target");
    if (token.isEmpty() || token.indexOf('.') >= 0) {
      throw new IllegalArgumentException("token must be non-empty without '.': " + token);
    }
  }

  /** A fresh random prefix for the tokens of one call. */
  static long callPrefix() {
    return ThreadLocalRandom.current().nextLong();
  }

  /** The token of the {@code index}th delayed message of a call with {@code prefix}. */
  static String token(long prefix, int index) {
    return String.format("%016x%08x", prefix, index);
  }

  /** The id as users see it. */
  public String encode() {
    return PREFIX + dueAt + "." + token + "." + target;
  }

  /**
   * Reads an id written by {@link #encode}.
   *
   * @throws IllegalArgumentException if {@code id} is not one
   */
  public static DelayedId parse(String id) {
    Objects.requireNonNull(id, "id");
    int dot = id.indexOf('.');
    int second = dot < 0 ? -1 : id.indexOf('.', dot + 1);
    if (!id.startsWith(PREFIX) || second < 0) {
      throw notAnId(id, null);
    }
    try {
      long due = Long.parseLong(id.substring(PREFIX.length(), dot));
      return new DelayedId(
          Address.parse(id.substring(second + 1)), due, id.substring(dot + 1, second));
    } catch (IllegalArgumentException e) {
      throw notAnId(id, e);
    }
  }

  private static IllegalArgumentException notAnId(String id, Exception cause) {
    return new IllegalArgumentException(
        "'" + id + "' is not the id of a delayed message (see DelayedMessage.id())", cause);
  }
}
