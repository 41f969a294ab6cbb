package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Names a list in a function's state, with the type of its elements. A list grows by appending:
 * adding elements writes those elements only, never the list, and the list is read only when a
 * handler reads it. Built in two stages, as {@link ValueSpec} is:
 *
 * <pre>{@code
 * static final ListSpec<String> EVENTS = ListSpec.named("events").withType(Types.STRING);
 * }</pre>
 *
 * <p>List names live apart from value and map names. A list needs no registration; it exists once
 * an element is added.
 *
 * @param <T> the element type
 * @see Storage#list(ListSpec)
 */
public final class ListSpec<T> {
  private final String name;
  private final Type<T> type;
  private final Ttl ttl;

  private ListSpec(String name, Type<T> type, Ttl ttl) {
    this.name = name;
    this.type = Objects.requireNonNull(type, "type");
    this.ttl = ttl;
  }

  /** Starts a spec for the list called {@code name}, which must match {@code [a-z][a-z0-9_]*}. */
  public static Named named(String name) {
    return new Named(ValueSpec.checkName(name));
  }

  /** The list's name. */
  public String name() {
    return name;
  }

  /** The type of its elements. */
  public Type<T> type() {
    return type;
  }

  /**
   * This spec, with each element expiring {@code ttl} after the call that added it, in processing
   * time, as Flink's per-element list TTL; {@code update} adds every element anew. An expired
   * element is never returned: reads skip it at once, and a background sweep removes it from the
   * store later. Replaces any TTL set before.
   *
   * <pre>{@code
   * static final ListSpec<String> RECENT =
   *     ListSpec.named("recent").withType(Types.STRING).expireAfterWrite(Duration.ofMinutes(15));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code ttl} is under 1 ms
   */
  public ListSpec<T> expireAfterWrite(Duration ttl) {
    return new ListSpec<>(name, type, new Ttl(ttl, false));
  }

  /**
   * This spec, with the whole list expiring {@code ttl} after it was last read ({@code get}) or
   * written, in processing time. Elements added after it expired do not bring the old ones back.
   * Renewing the list as a whole costs one small write, where renewing each element would rewrite
   * the list. See {@link #expireAfterWrite}.
   *
   * <pre>{@code
   * static final ListSpec<String> BASKET =
   *     ListSpec.named("basket").withType(Types.STRING).expireAfterAccess(Duration.ofDays(1));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code ttl} is under 1 ms
   */
  public ListSpec<T> expireAfterAccess(Duration ttl) {
    return new ListSpec<>(name, type, new Ttl(ttl, true));
  }

  /**
   * How long each element lives after the call that added it, or the whole list after its last
   * access ({@link #ttlRenewedByReads}), if it expires at all.
   */
  public Optional<Duration> ttl() {
    return ttl == null ? Optional.empty() : Optional.of(ttl.duration());
  }

  /** Whether the list expires as a whole after its last access ({@link #expireAfterAccess}). */
  public boolean ttlRenewedByReads() {
    return ttl != null && ttl.onAccess();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ListSpec<?> spec && spec.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "ListSpec(" + name + ")";
  }

  /**
   * The first stage of a {@link ListSpec}: a name waiting for its element type.
   *
   * <pre>{@code
   * ListSpec.Named seen = ListSpec.named("seen");
   * ListSpec<Long> list = seen.withType(Types.LONG);
   * }</pre>
   */
  public static final class Named {
    private final String name;

    private Named(String name) {
      this.name = name;
    }

    /** Completes the spec with the type of the list's elements. */
    public <T> ListSpec<T> withType(Type<T> type) {
      return new ListSpec<>(name, type, null);
    }
  }
}
