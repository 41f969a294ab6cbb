package io.eventide.sdk.cep;

/** The condition combinators the compiler builds transitions from. */
final class Conditions {
  private Conditions() {}

  static <T> IterativeCondition<T> always() {
    return (value, ctx) -> true;
  }

  static <T> IterativeCondition<T> not(IterativeCondition<T> condition) {
    return (value, ctx) -> !test(condition, value, ctx);
  }

  static <T> IterativeCondition<T> and(IterativeCondition<T> left, IterativeCondition<T> right) {
    return (value, ctx) -> test(left, value, ctx) && test(right, value, ctx);
  }

  /** A missing condition holds, as in Flink's NFA. */
  static <T> boolean test(
      IterativeCondition<T> condition, T value, IterativeCondition.Context<T> ctx)
      throws Exception {
    return condition == null || condition.filter(value, ctx);
  }

  /** A greedy step's successor may take an event only if the step itself would not. */
  static <T> void greedyUpdate(NfaState<T> state, IterativeCondition<T> take) {
    for (NfaState.Transition<T> t : state.transitions) {
      t.condition = Conditions.and(t.condition, Conditions.not(take));
    }
  }

  /** A looping step's condition once its until condition, which ends the loop, is applied. */
  static <T> IterativeCondition<T> withUntil(
      IterativeCondition<T> condition, IterativeCondition<T> until, boolean isTake) {
    if (until != null && condition != null) {
      return Conditions.and(Conditions.not(until), condition);
    }
    if (until != null && isTake) {
      return Conditions.not(until);
    }
    return condition;
  }
}
