package io.eventide.dispatcher.api;

import io.eventide.store.StoreException;
import java.util.List;

/** A failure of an ingress or query operation, with a code the gateway maps to an HTTP status. */
public final class DispatcherException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable failure codes. */
  public enum Code {
    /** Backlog over its bound: retry later (429 with Retry-After). */
    OVERLOADED,
    /** No reply within the call's timeout (504). */
    TIMEOUT,
    /**
     * Not ready, shutting down, or the store is unavailable (503). Answered to a client only when
     * nothing of its request took effect ({@link #refused()}), so that sending it again as it is
     * cannot apply it twice.
     */
    UNAVAILABLE,
    /**
     * The request may have taken effect, in whole or in part, and no one can say (504): a commit
     * whose answer was lost, a connection that broke after the request was sent, a batch that
     * failed after some of its events were durable. Only a request with idempotency keys may be
     * sent again as it is; the first attempt's effects are then applied once.
     */
    OUTCOME_UNKNOWN,
    /** Bad input (400). */
    INVALID,
    /** Too large (413). */
    TOO_LARGE,
    /** The handler kept failing and the message was dead-lettered (422 for a waiting call). */
    HANDLER_FAILED,
    /**
     * The idempotency key was given before, for the same source and target, with a different
     * request (422); for a batch, {@link #events()} names the events concerned.
     */
    IDEMPOTENCY_KEY_MISMATCH,
    /**
     * In a cluster, another node holds the address's key group and must take a call to it ({@link
     * #owner()}: its HTTP endpoint; the gateway redirects there with 307).
     */
    NOT_OWNER,
    /**
     * What the request names is not there, e.g. a dead letter replayed or deleted already (404).
     */
    NOT_FOUND
  }

  /** The most events a batch failure names; {@link #eventCount()} says how many there were. */
  public static final int MAX_NAMED_EVENTS = 100;

  private final Code code;
  private final String owner;
  private final boolean refused;
  private final List<Integer> events;
  private final int eventCount;

  public DispatcherException(Code code, String message) {
    this(code, message, null, false);
  }

  /**
   * A failure of some events of a batch, the others being durable: {@code events} are their indices
   * in the request, ascending (the first {@link #MAX_NAMED_EVENTS} are kept), {@code count} how
   * many failed in all.
   */
  public static DispatcherException ofEvents(
      Code code, String message, List<Integer> events, int count) {
    return new DispatcherException(
        code,
        message,
        null,
        false,
        List.copyOf(events.subList(0, Math.min(events.size(), MAX_NAMED_EVENTS))),
        count);
  }

  /**
   * What a failure that is not a {@link DispatcherException} means to the one who asked: a store
   * failure that surely wrote nothing (a conflict, a fence, an unavailable store, retries spent) is
   * a refused {@link Code#UNAVAILABLE}; one that may have committed ({@code COMMIT_UNKNOWN}), or
   * anything unforeseen, is {@link Code#OUTCOME_UNKNOWN}. Telling a client "unavailable" for a
   * commit that did land is how a retry applies a request twice.
   */
  public static DispatcherException of(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof DispatcherException e) {
        return e;
      }
    }
    StoreException store = StoreException.unwrap(failure);
    if (store != null) {
      switch (store.code()) {
        case CONFLICT, FENCED, TOO_OLD, UNAVAILABLE:
          return new DispatcherException(
              Code.UNAVAILABLE, "the store is busy: " + store.getMessage(), null, true);
        case TOO_LARGE:
          return new DispatcherException(Code.TOO_LARGE, store.getMessage(), null, true);
        default:
          break;
      }
    }
    return new DispatcherException(
        Code.OUTCOME_UNKNOWN,
        "the request may or may not have taken effect ("
            + failure
            + "); send it again only with idempotency keys",
        failure);
  }

  /**
   * {@code failure} of a request part of which is durable (the first {@code accepted} events of a
   * batch): whatever it was, the request as a whole has an unknown outcome to its client, unless
   * the failure names the events it refused.
   */
  public static DispatcherException afterAccepted(Throwable failure, int accepted) {
    DispatcherException e = of(failure);
    if (accepted == 0 || e.eventCount() > 0 || e.code() == Code.OUTCOME_UNKNOWN) {
      return e;
    }
    return new DispatcherException(
        Code.OUTCOME_UNKNOWN,
        "the first "
            + accepted
            + " events are durable, the others were not applied: "
            + e.getMessage()
            + "; send it again only with idempotency keys",
        e);
  }

  /** {@link Code#NOT_OWNER}: {@code owner} is the holder's endpoint, {@code host:port}. */
  public static DispatcherException notOwner(String message, String owner) {
    return new DispatcherException(Code.NOT_OWNER, message, owner, true);
  }

  /**
   * A request turned away before anything of it was written (not running, key group moving):
   * sending it again, even without an idempotency key, cannot enqueue it twice.
   */
  public static DispatcherException refused(Code code, String message) {
    return new DispatcherException(code, message, null, true);
  }

  private DispatcherException(Code code, String message, String owner, boolean refused) {
    this(code, message, owner, refused, List.of(), 0);
  }

  private DispatcherException(
      Code code,
      String message,
      String owner,
      boolean refused,
      List<Integer> events,
      int eventCount) {
    super(message);
    this.code = code;
    this.owner = owner;
    this.refused = refused;
    this.events = events;
    this.eventCount = eventCount;
  }

  public DispatcherException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.owner = null;
    this.refused = false;
    this.events = List.of();
    this.eventCount = 0;
  }

  /**
   * For a failure of some events of a batch: their indices in the request (see {@link #ofEvents}).
   */
  public List<Integer> events() {
    return events;
  }

  /** How many events of a batch failed; 0 for a failure of a whole request. */
  public int eventCount() {
    return eventCount;
  }

  /** True when nothing of the request was written; see {@link #refused(Code, String)}. */
  public boolean refused() {
    return refused;
  }

  /** The holder's HTTP endpoint ({@code host:port}) for {@link Code#NOT_OWNER}; null otherwise. */
  public String owner() {
    return owner;
  }

  public Code code() {
    return code;
  }
}
