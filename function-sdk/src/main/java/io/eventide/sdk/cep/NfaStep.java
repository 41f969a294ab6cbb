package io.eventide.sdk.cep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One partial match meeting one event, with Flink's {@code computeNextStates} rules: the
 * transitions the event enables are found through proceeds, then each take and ignore yields a new
 * partial match whose Dewey version numbers the branch, in Flink's order. A start state also stays,
 * one version on.
 */
final class NfaStep {
  private NfaStep() {}

  static <T> List<Computation> next(
      Nfa<T> nfa, SharedBuffer<T> buffer, Computation computation, NfaEvent<T> event)
      throws Exception {
    MatchContext<T> context = new MatchContext<>(nfa, buffer, computation, event.timestamp());
    NfaState<T> current = nfa.state(computation);
    List<NfaState.Transition<T>> edges = new ArrayList<>();
    int takes = 0;
    int ignores = 0;
    Deque<NfaState<T>> toVisit = new ArrayDeque<>();
    toVisit.push(current);
    while (!toVisit.isEmpty()) {
      NfaState<T> state = toVisit.pop();
      for (NfaState.Transition<T> t : state.transitions) {
        if (Conditions.test(t.condition, event.value(), context)) {
          if (t.action == NfaState.Action.PROCEED) {
            toVisit.push(t.target);
          } else {
            if (!Nfa.isSelfIgnore(t, current)) {
              if (t.action == NfaState.Action.IGNORE) {
                ignores++;
              } else {
                takes++;
              }
            }
            edges.add(t);
          }
        }
      }
    }
    int takesToVisit = Math.max(0, takes - 1);
    int ignoresToVisit = ignores;
    int takesToSkip = Math.max(0, takes - 1);
    List<Computation> result = new ArrayList<>();
    boolean isStart = current.isStart();
    for (NfaState.Transition<T> edge : edges) {
      if (edge.action == NfaState.Action.IGNORE) {
        if (isStart) {
          continue;
        }
        Dewey version;
        if (edge.target.name.equals(current.name)) {
          version = computation.version().increase(selfIncrease(ignores, takes));
        } else {
          version = computation.version().increase(takesToSkip + ignoresToVisit).addStage();
          ignoresToVisit--;
        }
        add(
            buffer,
            result,
            edge.target,
            computation.previous(),
            version,
            computation.startTimestamp(),
            computation.previousTimestamp(),
            computation.startEvent());
      } else {
        Dewey takeVersion = computation.version().increase(takesToVisit);
        Dewey nextVersion = takeVersion.addStage();
        takesToVisit--;
        NodeId node = buffer.put(edge.source.name, event.id(), computation.previous(), takeVersion);
        long startTimestamp = isStart ? event.timestamp() : computation.startTimestamp();
        EventId startEvent = isStart ? event.id() : computation.startEvent();
        add(
            buffer,
            result,
            edge.target,
            node,
            nextVersion,
            startTimestamp,
            event.timestamp(),
            startEvent);
        NfaState<T> reachedFinal = finalAfterProceed(context, edge.target, event.value());
        if (reachedFinal != null) {
          add(
              buffer,
              result,
              reachedFinal,
              node,
              nextVersion,
              startTimestamp,
              event.timestamp(),
              startEvent);
        }
      }
    }
    if (isStart) {
      Dewey startVersion = computation.version().increase(selfIncrease(ignores, takes));
      result.add(Computation.start(computation.state(), startVersion));
    }
    if (computation.previous() != null) {
      buffer.releaseNode(computation.previous(), computation.version());
    }
    return result;
  }

  private static <T> void add(
      SharedBuffer<T> buffer,
      List<Computation> result,
      NfaState<T> state,
      NodeId previous,
      Dewey version,
      long startTimestamp,
      long previousTimestamp,
      EventId startEvent) {
    Computation computation =
        new Computation(
            state.name, previous, version, startTimestamp, previousTimestamp, startEvent);
    result.add(computation);
    buffer.lockNode(previous, version);
  }

  /** A final state reachable from {@code state} through proceeds the event enables, or null. */
  private static <T> NfaState<T> finalAfterProceed(
      MatchContext<T> context, NfaState<T> state, T value) throws Exception {
    Deque<NfaState<T>> toCheck = new ArrayDeque<>();
    toCheck.push(state);
    while (!toCheck.isEmpty()) {
      NfaState<T> current = toCheck.pop();
      for (NfaState.Transition<T> t : current.transitions) {
        if (t.action == NfaState.Action.PROCEED && Conditions.test(t.condition, value, context)) {
          if (t.target.isFinal()) {
            return t.target;
          }
          toCheck.push(t.target);
        }
      }
    }
    return null;
  }

  private static int selfIncrease(int ignores, int takes) {
    return takes == 0 && ignores == 0 ? 0 : ignores + Math.max(1, takes);
  }

  /** What a condition sees: the partial match's events so far, read once when first asked. */
  private static final class MatchContext<T> implements IterativeCondition.Context<T> {
    private final Nfa<T> nfa;
    private final SharedBuffer<T> buffer;
    private final Computation computation;
    private final long timestamp;
    private Map<String, List<T>> events;

    MatchContext(Nfa<T> nfa, SharedBuffer<T> buffer, Computation computation, long timestamp) {
      this.nfa = nfa;
      this.buffer = buffer;
      this.computation = computation;
      this.timestamp = timestamp;
    }

    @Override
    public Iterable<T> getEventsForPattern(String name) {
      if (events == null) {
        events = buffer.materialize(nfa.currentMatch(buffer, computation));
      }
      return Collections.unmodifiableList(events.getOrDefault(name, List.of()));
    }

    @Override
    public long timestamp() {
      return timestamp;
    }
  }
}
