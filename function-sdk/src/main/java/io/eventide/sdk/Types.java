package io.eventide.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ready-made {@link Type}s.
 *
 * <pre>{@code
 * context.reply(Types.LONG, 42L);
 * Order order = message.as(Types.json(Order.class));
 * }</pre>
 */
public final class Types {
  /** UTF-8 text, {@code text/plain; charset=utf-8}. */
  public static final Type<String> STRING =
      new Simple<>("text/plain; charset=utf-8") {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

  /** A 64-bit integer written as decimal text, {@code application/json}. */
  public static final Type<Long> LONG =
      new Simple<>("application/json") {
        @Override
        public byte[] encode(Long value) {
          return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Long decode(byte[] bytes) {
          String text = new String(bytes, StandardCharsets.UTF_8).trim();
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "not a decimal 64-bit integer: '" + abbreviate(text) + "'", e);
          }
        }
      };

  /** Raw bytes, {@code application/octet-stream}. */
  public static final Type<byte[]> BYTES =
      new Simple<>("application/octet-stream") {
        @Override
        public byte[] encode(byte[] value) {
          return value.clone();
        }

        @Override
        public byte[] decode(byte[] bytes) {
          return bytes.clone();
        }
      };

  private Types() {}

  /**
   * A JSON type for {@code type}, encoded with Jackson, {@code application/json}. Records and plain
   * Java classes work out of the box, and Jackson's annotations ({@code @JsonProperty},
   * {@code @JsonAlias}, ...) work on them: the SDK brings them to your class path, and a node reads
   * them with its own Jackson. The same class always gives the same instance, so calling this in a
   * handler costs a lookup.
   *
   * <pre>{@code
   * record Order(String id, long cents) {}
   * static final Type<Order> ORDER = Types.json(Order.class);
   * }</pre>
   *
   * <p><b>Changing the class across redeploys.</b> Reading is lenient, so that state (and messages)
   * written by an earlier version of the class stay readable after a redeploy of the same function
   * type:
   *
   * <ul>
   *   <li><b>Adding a field</b>: old values read it as its default: {@code null}, {@code 0} or
   *       {@code false} for a record component, the field's initializer for a class.
   *   <li><b>Removing a field</b>: its value in old state is ignored when reading, and dropped at
   *       the next write.
   *   <li><b>Renaming a field</b>: annotate it with {@code @JsonAlias("oldName")}; it reads the old
   *       name and writes the new one.
   *   <li><b>Widening a number</b> ({@code int} to {@code long}): old values read as they were.
   * </ul>
   *
   * <p>Not allowed: changing a field's type incompatibly (text to a number or an object, a list to
   * a single value, ...; a narrowing such as {@code double} to {@code long} is not even detected:
   * the fraction is dropped), and changing the {@code Type} of a stored value (say {@code
   * Types.LONG} to {@code Types.json(Counter.class)}). A value that then does not decode fails the
   * message that reads it: the message is retried, then dead-lettered, and the stored value is left
   * as it was, so that redeploying a compatible version reads it again.
   *
   * <pre>{@code
   * // v1: record Profile(String name, String nick, String legacy) {}
   * record Profile(String name, @JsonAlias("nick") String nickname, int level) {}
   * }</pre>
   */
  public static <T> Type<T> json(Class<T> type) {
    return JsonType.of(Objects.requireNonNull(type, "type"));
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private abstract static class Simple<T> implements Type<T> {
    private final String contentType;

    Simple(String contentType) {
      this.contentType = contentType;
    }

    @Override
    public String contentType() {
      return contentType;
    }

    @Override
    public String toString() {
      return "Type(" + contentType + ")";
    }
  }
}
