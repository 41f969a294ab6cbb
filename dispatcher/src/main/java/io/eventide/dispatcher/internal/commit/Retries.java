package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.internal.routing.Addr;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Addresses whose last message failed: how often, and when they may run again. An address waiting
 * out its backoff blocks only itself, never its key group. Attempts live in memory: a restart
 * grants a failing message a fresh set of attempts, never fewer.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class Retries {
  /**
   * How long a worker may answer {@code UNKNOWN_FUNCTION} for an address before its attempts count.
   * A worker learns of a deployment made through another process on its next refresh (every 2 s),
   * or later when it was busy loading a jar; a type the gateway accepted messages for is meanwhile
   * unknown there only for now. Counted as failures, four quick answers of a lagging worker
   * dead-lettered a message a second after its deploy.
   */
  static final Duration UNKNOWN_FUNCTION_GRACE = Duration.ofSeconds(30);

  /**
   * How many attempts failed so far, when the address may run again, and since when workers have
   * answered that its function is unknown (0: they have not).
   */
  private record Waiting(int attempts, long until, long unknownSince) {}

  private final Map<Addr, Waiting> waiting = new HashMap<>();

  /** Addresses whose effects did not fit one commit: at most this many messages per batch. */
  private final Map<Addr, Integer> caps = new HashMap<>();

  private final IntervalFunction backoff;
  private final long pauseMillis;
  private final long unknownGraceMillis;

  public Retries(DispatcherConfig config) {
    this(config, UNKNOWN_FUNCTION_GRACE);
  }

  Retries(DispatcherConfig config, Duration unknownFunctionGrace) {
    this.pauseMillis = config.retryBackoff().toMillis();
    this.unknownGraceMillis = unknownFunctionGrace.toMillis();
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            config.retryBackoff(), 2.0, 0.5, config.maxRetryBackoff());
  }

  public boolean blocked(Addr address, long now) {
    Waiting state = waiting.get(address);
    return state != null && state.until() > now;
  }

  int attempts(Addr address) {
    Waiting state = waiting.get(address);
    return state == null ? 0 : state.attempts();
  }

  void failed(Addr address, int attempts, long now) {
    waiting.put(
        address, new Waiting(attempts, now + backoff.apply(attempts), unknownSince(address)));
  }

  /** Holds an address back without counting an attempt (workers busy or unreachable). */
  void pause(Addr address, long now) {
    waiting.merge(
        address,
        new Waiting(0, now + pauseMillis, 0),
        (failed, pause) -> new Waiting(failed.attempts(), pause.until(), failed.unknownSince()));
  }

  /**
   * A worker answered {@code UNKNOWN_FUNCTION} for {@code address}: true while that may only be a
   * worker catching up with a deployment ({@link #UNKNOWN_FUNCTION_GRACE} since the first such
   * answer in a row), when the attempt is not counted; false after, when it is.
   */
  boolean unknownMayBeLag(Addr address, long now) {
    Waiting state = waiting.get(address);
    long since = state == null || state.unknownSince() == 0 ? now : state.unknownSince();
    waiting.put(
        address,
        state == null
            ? new Waiting(0, 0, since)
            : new Waiting(state.attempts(), state.until(), since));
    return now - since < unknownGraceMillis;
  }

  private long unknownSince(Addr address) {
    Waiting state = waiting.get(address);
    return state == null ? 0 : state.unknownSince();
  }

  public void pauseAll(Collection<Addr> addresses, long now) {
    addresses.forEach(a -> pause(a, now));
  }

  void succeeded(Addr address) {
    waiting.remove(address);
    if (!caps.isEmpty()) {
      caps.remove(address);
    }
  }

  /**
   * Drops what is kept for the addresses of the key groups set in {@code keyGroups}: they changed
   * hands. Their next holder starts their attempts afresh, as after a restart; kept here, they
   * would stay until the groups came back and each address succeeded, and every {@link
   * #nextDeadline} would walk them.
   */
  public void forget(BitSet keyGroups, int groups) {
    if (!waiting.isEmpty()) {
      waiting.keySet().removeIf(address -> keyGroups.get(address.keyGroup(groups)));
    }
    if (!caps.isEmpty()) {
      caps.keySet().removeIf(address -> keyGroups.get(address.keyGroup(groups)));
    }
  }

  /**
   * The most messages of {@code address} one batch may take: fewer than all after their effects did
   * not fit one transaction ({@link #halve}).
   */
  public int cap(Addr address) {
    return caps.isEmpty() ? Integer.MAX_VALUE : caps.getOrDefault(address, Integer.MAX_VALUE);
  }

  /**
   * The effects of {@code messages} messages of {@code address} did not fit: take half next time.
   */
  void halve(Addr address, int messages) {
    caps.put(address, Math.max(1, messages / 2));
  }

  /**
   * The earliest time after {@code now} a blocked address may run again, or {@code Long.MAX_VALUE}.
   */
  public long nextDeadline(long now) {
    long next = Long.MAX_VALUE;
    for (Waiting state : waiting.values()) {
      if (state.until() > now) {
        next = Math.min(next, state.until());
      }
    }
    return next;
  }
}
