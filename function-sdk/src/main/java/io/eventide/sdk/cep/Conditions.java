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
}
