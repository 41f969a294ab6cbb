package io.eventide.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The address of one function instance: its type and an id. Messages to the same address are
 * handled one at a time, in order, and share the instance's state.
 *
 * <pre>{@code
 * Address alice = Address.of("shop", "cart", "alice");
 * }</pre>
 *
 * @param type the function type
 * @param id the instance id, 1..256 bytes of UTF-8
 */
public record Address(TypeName type, String id) {
  /** The largest id, in bytes of UTF-8. */
  public static final int MAX_ID_BYTES = 256;

  /** Validates the id: not empty and at most {@link #MAX_ID_BYTES} bytes of UTF-8. */
  public Address {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    // A char takes at most 3 bytes of UTF-8 (a surrogate pair 4 for two), so a short id needs no
    // encoding to be known to fit: the gateway builds an Address for every event it takes in.
    int bytes =
        id.length() <= MAX_ID_BYTES / 3 ? id.length() : id.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_ID_BYTES) {
      throw new IllegalArgumentException(
          "id must be 1.." + MAX_ID_BYTES + " bytes of UTF-8, was " + bytes);
    }
  }

  /** Returns the address {@code namespace/name/id}. */
  public static Address of(String namespace, String name, String id) {
    return new Address(TypeName.of(namespace, name), id);
  }

  /** Parses {@code namespace/name/id}; the id may itself contain slashes. */
  public static Address parse(String text) {
    Objects.requireNonNull(text, "address");
    int first = text.indexOf('/');
    int second = first < 0 ? -1 : text.indexOf('/', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException(
          "address '" + text + "' must be written namespace/type/id");
    }
    return of(
        text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1));
  }

  @Override
  public String toString() {
    return type + "/" + id;
  }
}
