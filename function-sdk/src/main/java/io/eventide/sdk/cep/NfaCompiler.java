package io.eventide.sdk.cep;

import io.eventide.sdk.cep.NfaState.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a {@link Pattern} into NFA states, walking it from its last step to its first as Flink's
 * {@code NFACompiler} does, so that the states, their transitions and the order of those
 * transitions are Flink's: that order decides the Dewey versions and so the order of matches. Group
 * patterns and per-step windows are not supported. One instance compiles one pattern.
 *
 * @param <T> the event type
 */
final class NfaCompiler<T> {
  static final String END = "$endState$";

  private final Set<String> usedNames = new HashSet<>();
  private final Map<String, NfaState<T>> stopStates = new HashMap<>();
  private final List<NfaState<T>> states = new ArrayList<>();
  private final Map<String, NfaState<T>> originals = new HashMap<>();
  private long windowTime;
  private Pattern<T> current;
  private Pattern<T> following;

  private NfaCompiler(Pattern<T> pattern) {
    this.current = pattern;
  }

  /** The compiled NFA of {@code pattern}. */
  static <T> Nfa<T> compile(Pattern<T> pattern) {
    NfaCompiler<T> compiler = new NfaCompiler<>(pattern);
    compiler.run();
    return new Nfa<>(compiler.states, compiler.windowTime);
  }

  private void run() {
    Pattern<T> last = current;
    PatternChecks.check(current, END);
    NfaState<T> sink = state(END, Kind.FINAL);
    windowTime = current.windowMillis();
    sink = middleStates(sink);
    NfaState<T> begin = convert(sink);
    begin.kind = Kind.START;
    if (last.quantifier().consuming() == Quantifier.Consuming.NOT_FOLLOW && windowTime == 0) {
      throw new MalformedPatternException(
          "notFollowedBy as the last step (" + last.name() + ") needs within(...)");
    }
  }

  private NfaState<T> middleStates(NfaState<T> sink) {
    NfaState<T> lastSink = sink;
    while (current.previous() != null) {
      Quantifier.Consuming consuming = current.quantifier().consuming();
      if (consuming == Quantifier.Consuming.NOT_FOLLOW) {
        if (windowTime > 0 && lastSink.isFinal()) {
          // A trailing notFollowedBy: the match waits here until its window closes.
          NfaState<T> pending = state(Kind.PENDING);
          IterativeCondition<T> notCondition = current.condition();
          pending.addProceed(stopState(notCondition, current.name()), notCondition);
          pending.addIgnore(Conditions.not(notCondition));
          lastSink = pending;
        }
      } else if (consuming == Quantifier.Consuming.NOT_NEXT) {
        NfaState<T> notNext = state(Kind.NORMAL);
        IterativeCondition<T> notCondition = current.condition();
        NfaState<T> stop = stopState(notCondition, current.name());
        if (lastSink.isFinal()) {
          notNext.addIgnore(lastSink, Conditions.not(notCondition));
        } else {
          notNext.addProceed(lastSink, Conditions.not(notCondition));
        }
        notNext.addProceed(stop, notCondition);
        lastSink = notNext;
      } else {
        lastSink = convert(lastSink);
      }
      following = current;
      current = current.previous();
      long window = current.windowMillis();
      if (window > 0 && (windowTime == 0 || window < windowTime)) {
        windowTime = window;
      }
    }
    return lastSink;
  }

  private NfaState<T> convert(NfaState<T> sink) {
    Quantifier quantifier = current.quantifier();
    NfaState<T> lastSink;
    if (quantifier.has(Quantifier.Property.LOOPING)) {
      NfaState<T> looping = looping(withoutTransitiveNots(sink));
      lastSink = timesState(looping, sink);
    } else if (quantifier.has(Quantifier.Property.TIMES)) {
      lastSink = timesState(sink, sink);
    } else {
      lastSink = singleton(sink, sink, current.condition(), ignoreCondition(), isOptional(current));
    }
    addStopStates(lastSink);
    return lastSink;
  }

  private NfaState<T> state(Kind kind) {
    return state(current.name(), kind);
  }

  private NfaState<T> state(String name, Kind kind) {
    String unique = name;
    int counter = 0;
    while (usedNames.contains(unique)) {
      unique = name + ":" + counter++;
    }
    usedNames.add(unique);
    NfaState<T> state = new NfaState<>(unique, kind);
    states.add(state);
    return state;
  }

  private NfaState<T> stopState(IterativeCondition<T> notCondition, String name) {
    NfaState<T> stop = stopStates.get(name);
    if (stop == null) {
      stop = state(name, Kind.STOP);
      stop.addTake(notCondition);
      stopStates.put(name, stop);
    }
    return stop;
  }

  /** The NOT steps right before the current step, past optional ones, with their names. */
  private List<Map.Entry<IterativeCondition<T>, String>> currentNotConditions() {
    List<Map.Entry<IterativeCondition<T>, String>> nots = new ArrayList<>();
    Pattern<T> p = current;
    while (p.previous() != null
        && (isOptional(p.previous())
            || p.previous().quantifier().consuming() == Quantifier.Consuming.NOT_FOLLOW)) {
      p = p.previous();
      if (p.quantifier().consuming() == Quantifier.Consuming.NOT_FOLLOW) {
        nots.add(Map.entry(p.condition(), p.name()));
      }
    }
    return nots;
  }

  /**
   * For an optional step after NOT steps: a copy of {@code sink} without the proceeds into those
   * NOT steps' stop states, since skipping the optional step must not check them twice.
   */
  private NfaState<T> withoutTransitiveNots(NfaState<T> sink) {
    List<Map.Entry<IterativeCondition<T>, String>> nots = currentNotConditions();
    if (nots.isEmpty() || !isOptional(current)) {
      return sink;
    }
    NfaState<T> copy = state(sink.name, sink.kind);
    for (NfaState.Transition<T> t : sink.transitions) {
      if (t.action == NfaState.Action.PROCEED) {
        NfaState<T> target = t.target;
        boolean remove = false;
        if (target.isStop()) {
          for (Map.Entry<IterativeCondition<T>, String> not : nots) {
            remove |= target.name.equals(not.getValue());
          }
        } else {
          target = withoutTransitiveNots(target);
        }
        if (!remove) {
          copy.add(t.action, target, t.condition);
        }
      } else {
        copy.add(t.action, t.target == t.source ? copy : t.target, t.condition);
      }
    }
    return copy;
  }

  private NfaState<T> copy(NfaState<T> state) {
    NfaState<T> copy = state(state.name.split(":")[0], state.kind);
    for (NfaState.Transition<T> t : state.transitions) {
      copy.add(t.action, t.target == t.source ? copy : t.target, t.condition);
    }
    return copy;
  }

  private void addStopStates(NfaState<T> state) {
    for (Map.Entry<IterativeCondition<T>, String> not : currentNotConditions()) {
      state.addProceed(stopState(not.getKey(), not.getValue()), not.getKey());
    }
  }

  private void addStopStateToLooping(NfaState<T> state) {
    if (following != null
        && following.quantifier().consuming() == Quantifier.Consuming.NOT_FOLLOW) {
      IterativeCondition<T> notCondition = following.condition();
      state.addProceed(stopState(notCondition, following.name()), notCondition);
    }
  }

  private NfaState<T> timesState(NfaState<T> sink, NfaState<T> proceed) {
    NfaState<T> lastSink = sink;
    IterativeCondition<T> until = current.untilCondition();
    IterativeCondition<T> innerIgnore = Conditions.withUntil(innerIgnoreCondition(), until, false);
    IterativeCondition<T> take = Conditions.withUntil(current.condition(), until, true);
    int from = current.timesFrom();
    int to = current.timesTo();
    if (current.quantifier().has(Quantifier.Property.GREEDY) && from != to) {
      if (until != null) {
        originals.put(sink.name, copy(sink));
      }
      Conditions.greedyUpdate(sink, take);
    }
    for (int i = from; i < to; i++) {
      lastSink = singleton(lastSink, proceed, take, innerIgnore, true);
      addStopStateToLooping(lastSink);
    }
    for (int i = 0; i < from - 1; i++) {
      lastSink = singleton(lastSink, null, take, innerIgnore, false);
      addStopStateToLooping(lastSink);
    }
    return singleton(lastSink, proceed, take, ignoreCondition(), isOptional(current));
  }

  private NfaState<T> singleton(
      NfaState<T> sink,
      NfaState<T> proceed,
      IterativeCondition<T> take,
      IterativeCondition<T> ignore,
      boolean optional) {
    NfaState<T> single = state(Kind.NORMAL);
    NfaState<T> target = withoutTransitiveNots(sink);
    single.addTake(target, take);
    if (optional) {
      IterativeCondition<T> until = current.untilCondition();
      if (current.quantifier().has(Quantifier.Property.GREEDY) && until != null) {
        single.addProceed(originals.get(proceed.name), until);
        single.addProceed(proceed, Conditions.not(until));
      } else {
        single.addProceed(proceed, Conditions.always());
      }
    }
    if (ignore != null) {
      NfaState<T> ignoreState = single;
      if (optional) {
        ignoreState = state(Kind.NORMAL);
        ignoreState.addTake(target, take);
        ignoreState.addIgnore(ignore);
        addStopStates(ignoreState);
      }
      single.addIgnore(ignoreState, ignore);
    }
    return single;
  }

  private NfaState<T> looping(NfaState<T> sink) {
    IterativeCondition<T> until = current.untilCondition();
    IterativeCondition<T> ignore = Conditions.withUntil(innerIgnoreCondition(), until, false);
    IterativeCondition<T> take = Conditions.withUntil(current.condition(), until, true);
    NfaState<T> looping = state(Kind.NORMAL);
    if (current.quantifier().has(Quantifier.Property.GREEDY)) {
      if (until != null) {
        NfaState<T> sinkCopy = copy(sink);
        looping.addProceed(sinkCopy, until);
        originals.put(sink.name, sinkCopy);
      }
      looping.addProceed(sink, until != null ? Conditions.not(until) : Conditions.always());
      Conditions.greedyUpdate(sink, current.condition());
    } else {
      looping.addProceed(sink, Conditions.always());
    }
    looping.addTake(take);
    addStopStateToLooping(looping);
    if (ignore != null) {
      NfaState<T> ignoreState = state(Kind.NORMAL);
      ignoreState.addTake(looping, take);
      ignoreState.addIgnore(ignore);
      looping.addIgnore(ignoreState, ignore);
      addStopStateToLooping(ignoreState);
    }
    return looping;
  }

  private IterativeCondition<T> innerIgnoreCondition() {
    return ignoreFor(current.quantifier().inner());
  }

  private IterativeCondition<T> ignoreCondition() {
    return ignoreFor(current.quantifier().consuming());
  }

  private IterativeCondition<T> ignoreFor(Quantifier.Consuming consuming) {
    return switch (consuming) {
      case SKIP_TILL_NEXT -> Conditions.not(current.condition());
      case SKIP_TILL_ANY -> Conditions.always();
      default -> null;
    };
  }

  private static boolean isOptional(Pattern<?> pattern) {
    return pattern.quantifier().has(Quantifier.Property.OPTIONAL);
  }
}
