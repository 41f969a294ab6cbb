package io.eventide.sdk.cep;

import io.eventide.sdk.cep.NfaState.Action;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A compiled pattern run with the rules of Flink's {@code NFA}: each event advances every partial
 * match along the transitions its conditions allow, branching with Dewey versions; completed
 * matches are released in order subject to the skip strategy; time passing ends partial matches
 * older than the window. Immutable: a key's runs live in its {@link Partials} and {@link
 * SharedBuffer}.
 *
 * @param <T> the event type
 */
final class Nfa<T> {
  /** A partial match that timed out and the time it did. */
  record TimedOut<T>(Map<String, List<T>> match, long timestamp) {}

  /** What advancing time released: matches of trailing notFollowedBy steps, and time-outs. */
  record Advanced<T>(List<Map<String, List<T>>> matches, List<TimedOut<T>> timedOut) {}

  private final Map<String, NfaState<T>> states = new HashMap<>();
  private final long windowTime;

  Nfa(Collection<NfaState<T>> compiled, long windowTime) {
    for (NfaState<T> state : compiled) {
      states.put(state.name, state);
    }
    this.windowTime = windowTime;
  }

  long windowTime() {
    return windowTime;
  }

  /** The runs of a key that has seen nothing: the start state, version 1. */
  Partials initial() {
    Partials partials = new Partials();
    for (NfaState<T> state : states.values()) {
      if (state.isStart()) {
        partials.partial.add(Computation.start(state.name, Dewey.of(1)));
      }
    }
    return partials;
  }

  NfaState<T> state(Computation computation) {
    NfaState<T> state = states.get(computation.state());
    if (state == null) {
      throw new IllegalStateException(
          "state " + computation.state() + " is not in the pattern's NFA " + states.keySet());
    }
    return state;
  }

  /** Ends the partial matches the window closed on by {@code timestamp}. */
  Advanced<T> advanceTime(
      SharedBuffer<T> buffer, Partials partials, long timestamp, AfterMatchSkipStrategy skip)
      throws Exception {
    List<Map<String, List<T>>> result = new ArrayList<>();
    List<TimedOut<T>> timedOut = new ArrayList<>();
    PriorityQueue<Computation> next = new PriorityQueue<>(Computation.ORDER);
    PriorityQueue<Computation> potential = new PriorityQueue<>(Computation.ORDER);
    for (Computation computation : partials.partial) {
      if (isTimedOut(computation, timestamp)) {
        partials.changed = true;
        if (state(computation).isPending()) {
          potential.add(computation);
          continue;
        }
        timedOut.add(
            new TimedOut<>(
                buffer.materialize(currentMatch(buffer, computation)),
                computation.startTimestamp() + windowTime));
        buffer.releaseNode(computation.previous(), computation.version());
      } else {
        next.add(computation);
      }
    }
    emitMatches(buffer, partials, skip, potential, next, result);
    partials.partial = next;
    buffer.advanceTime(timestamp);
    return new Advanced<>(result, timedOut);
  }

  private boolean isTimedOut(Computation computation, long timestamp) {
    return !state(computation).isStart()
        && windowTime > 0
        && timestamp - computation.startTimestamp() >= windowTime;
  }

  /** Advances every partial match by {@code event}; returns the matches it released, in order. */
  List<Map<String, List<T>>> process(
      SharedBuffer<T> buffer, Partials partials, NfaEvent<T> event, AfterMatchSkipStrategy skip)
      throws Exception {
    PriorityQueue<Computation> next = new PriorityQueue<>(Computation.ORDER);
    PriorityQueue<Computation> potential = new PriorityQueue<>(Computation.ORDER);
    for (Computation computation : partials.partial) {
      List<Computation> reached = NfaStep.next(this, buffer, computation, event);
      if (reached.size() != 1 || !reached.get(0).equals(computation)) {
        partials.changed = true;
      }
      List<Computation> retained = new ArrayList<>();
      boolean discard = false;
      for (Computation candidate : reached) {
        if (state(computation).isStart() && candidate.startTimestamp() > 0) {
          partials.newStart = true;
        }
        NfaState<T> reachedState = state(candidate);
        if (reachedState.isFinal()) {
          potential.add(candidate);
        } else if (reachedState.isStop()) {
          discard = true;
          buffer.releaseNode(candidate.previous(), candidate.version());
        } else {
          retained.add(candidate);
        }
      }
      if (discard) {
        for (Computation candidate : retained) {
          buffer.releaseNode(candidate.previous(), candidate.version());
        }
      } else {
        next.addAll(retained);
      }
    }
    if (!potential.isEmpty()) {
      partials.changed = true;
    }
    List<Map<String, List<T>>> result = new ArrayList<>();
    emitMatches(buffer, partials, skip, potential, next, result);
    partials.partial = next;
    return result;
  }

  /**
   * Releases completed matches in order; with a skip strategy only those that start before every
   * partial match, so that pruning after them is final.
   */
  private void emitMatches(
      SharedBuffer<T> buffer,
      Partials partials,
      AfterMatchSkipStrategy skip,
      PriorityQueue<Computation> potential,
      PriorityQueue<Computation> partial,
      List<Map<String, List<T>>> result) {
    partials.completed.addAll(potential);
    Computation earliest;
    while ((earliest = partials.completed.peek()) != null) {
      if (skip.isSkip()) {
        Computation earliestPartial = partial.peek();
        if (earliestPartial != null && Computation.ORDER.compare(earliest, earliestPartial) > 0) {
          break;
        }
      }
      partials.changed = true;
      partials.completed.poll();
      List<Map<String, List<EventId>>> paths =
          buffer.extractPatterns(earliest.previous(), earliest.version());
      skip.prune(partial, paths, buffer);
      skip.prune(partials.completed, paths, buffer);
      result.add(buffer.materialize(paths.get(0)));
      buffer.releaseNode(earliest.previous(), earliest.version());
    }
  }

  /** The single path of a partial match so far; empty before its first event. */
  Map<String, List<EventId>> currentMatch(SharedBuffer<T> buffer, Computation computation) {
    if (computation.previous() == null) {
      return new HashMap<>();
    }
    List<Map<String, List<EventId>>> paths =
        buffer.extractPatterns(computation.previous(), computation.version());
    if (paths.isEmpty()) {
      return new HashMap<>();
    }
    if (paths.size() != 1) {
      throw new IllegalStateException("a partial match has " + paths.size() + " paths");
    }
    return paths.get(0);
  }

  static boolean isSelfIgnore(NfaState.Transition<?> edge, NfaState<?> current) {
    return edge.action == Action.IGNORE && edge.target.name.equals(current.name);
  }
}
