package io.eventide.sdk.cep;

import java.util.ArrayList;
import java.util.List;

/**
 * A state of the compiled NFA (Flink's {@code State}): its unique name, its kind and its
 * transitions, in the order the compiler added them, which decides the order of matches.
 *
 * @param <T> the event type
 */
final class NfaState<T> {
  enum Kind {
    START,
    FINAL,
    NORMAL,
    STOP,
    PENDING
  }

  enum Action {
    TAKE,
    IGNORE,
    PROCEED
  }

  /** An edge to {@code target}, followed when {@code condition} holds for the event. */
  static final class Transition<T> {
    final NfaState<T> source;
    final Action action;
    final NfaState<T> target;
    IterativeCondition<T> condition;

    Transition(NfaState<T> source, Action action, NfaState<T> target, IterativeCondition<T> c) {
      this.source = source;
      this.action = action;
      this.target = target;
      this.condition = c;
    }
  }

  final String name;
  Kind kind;
  final List<Transition<T>> transitions = new ArrayList<>();

  NfaState(String name, Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  void add(Action action, NfaState<T> target, IterativeCondition<T> condition) {
    transitions.add(new Transition<>(this, action, target, condition));
  }

  void addTake(NfaState<T> target, IterativeCondition<T> condition) {
    add(Action.TAKE, target, condition);
  }

  void addTake(IterativeCondition<T> condition) {
    add(Action.TAKE, this, condition);
  }

  void addIgnore(IterativeCondition<T> condition) {
    add(Action.IGNORE, this, condition);
  }

  void addIgnore(NfaState<T> target, IterativeCondition<T> condition) {
    add(Action.IGNORE, target, condition);
  }

  void addProceed(NfaState<T> target, IterativeCondition<T> condition) {
    add(Action.PROCEED, target, condition);
  }

  boolean isStart() {
    return kind == Kind.START;
  }

  boolean isFinal() {
    return kind == Kind.FINAL;
  }

  boolean isStop() {
    return kind == Kind.STOP;
  }

  boolean isPending() {
    return kind == Kind.PENDING;
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }
}
