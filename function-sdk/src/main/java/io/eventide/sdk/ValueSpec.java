package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names one persisted value of a function and its {@link Type}. Built in two stages:
 *
 * <pre>{@code
 * static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ValueSpec<T> {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final String name;
  private final Type<T> type;
  private final Ttl ttl;

  private ValueSpec(String name, Type<T> type, Ttl ttl) {
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.ttl = ttl;
  }

  /** Starts a spec for the value called {@code name}, which must match {@code [a-z][a-z0-9_]*}. */
  public static Named named(String name) {
    return new Named(checkName(name));
  }

  /** {@code name} if it is a valid state name (of a value, a map or a list). */
  static String checkName(String name) {
    if (name == null || name.length() > 128 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "state name '" + name + "' must match " + NAME.pattern() + " (at most 128 characters)");
    }
    return name;
  }

  /** The value's name. */
  public String name() {
    return name;
  }

  /** The value's type. */
  public Type<T> type() {
    return type;
  }

  /**
   * This spec, with the value expiring {@code ttl} after it was last written ({@code set}), in
   * processing time. An expired value is never returned: it reads as absent at once, and a
   * background sweep removes it from the store later. Replaces any TTL set before.
   *
   * <pre>{@code
   * static final ValueSpec<String> TOKEN =
   *     ValueSpec.named("token").withType(Types.STRING).expireAfterWrite(Duration.ofMinutes(30));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code ttl} is under 1 ms
   */
  public ValueSpec<T> expireAfterWrite(Duration ttl) {
    return new ValueSpec<>(name, type, new Ttl(ttl, false));
  }

  /**
   * This spec, with the value expiring {@code ttl} after it was last read ({@code get}) or written,
   * in processing time: a read writes it again with its new expiry. See {@link #expireAfterWrite}.
   *
   * <pre>{@code
   * static final ValueSpec<Long> SESSION =
   *     ValueSpec.named("session").withType(Types.LONG).expireAfterAccess(Duration.ofMinutes(5));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code ttl} is under 1 ms
   */
  public ValueSpec<T> expireAfterAccess(Duration ttl) {
    return new ValueSpec<>(name, type, new Ttl(ttl, true));
  }

  /** How long the value lives after its last write (or access), if it expires at all. */
  public Optional<Duration> ttl() {
    return ttl == null ? Optional.empty() : Optional.of(ttl.duration());
  }

  /** Whether reads renew the value's TTL ({@link #expireAfterAccess}), not only writes. */
  public boolean ttlRenewedByReads() {
    return ttl != null && ttl.onAccess();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ValueSpec<?> spec && spec.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "ValueSpec(" + name + ")";
  }

  /**
   * The first stage of a {@link ValueSpec}: a name waiting for its type.
   *
   * <pre>{@code
   * ValueSpec.Named seen = ValueSpec.named("seen");
   * ValueSpec<Long> spec = seen.withType(Types.LONG);
   * }</pre>
   */
  public static final class Named {
    private final String name;

    private Named(String name) {
      this.name = name;
    }

    /** Completes the spec with the value's type. */
    public <T> ValueSpec<T> withType(Type<T> type) {
      return new ValueSpec<>(name, type, null);
    }
  }
}
