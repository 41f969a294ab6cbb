package io.eventide.sdk.cep;

import java.time.Duration;
import java.util.Objects;

/**
 * A sequence of events to detect, built as in Flink CEP: {@link #begin} names the first step, and
 * {@link #next}, {@link #followedBy}, {@link #followedByAny}, {@link #notNext} and {@link
 * #notFollowedBy} add the following ones, each with its conditions and quantifier. Run it with a
 * {@link CepSpec}. The methods that refine the current step ({@link #where}, {@link #oneOrMore},
 * ...) change it and return it, as Flink's do.
 *
 * <pre>{@code
 * Pattern<String> pattern =
 *     Pattern.<String>begin("start", AfterMatchSkipStrategy.skipPastLastEvent())
 *         .where(event -> event.startsWith("login"))
 *         .followedBy("failures")
 *         .where(event -> event.startsWith("fail"))
 *         .timesOrMore(3)
 *         .consecutive()
 *         .within(Duration.ofMinutes(5));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe while it is built; once handed to {@link CepSpec}, it must not change.
 *
 * @param <T> the event type
 */
public final class Pattern<T> {
  private final String name;
  private final Pattern<T> previous;
  private final AfterMatchSkipStrategy skipStrategy;
  private IterativeCondition<T> condition;
  private IterativeCondition<T> untilCondition;
  private Quantifier quantifier;
  private int timesFrom;
  private int timesTo;
  private long windowMillis;

  private Pattern(
      String name,
      Pattern<T> previous,
      Quantifier.Consuming consuming,
      AfterMatchSkipStrategy skipStrategy) {
    this.name = checkName(name);
    this.previous = previous;
    this.quantifier = Quantifier.one(consuming);
    this.skipStrategy = Objects.requireNonNull(skipStrategy, "skipStrategy");
  }

  /**
   * Starts a pattern whose first step is {@code name}, with {@link AfterMatchSkipStrategy#noSkip}.
   */
  public static <T> Pattern<T> begin(String name) {
    return begin(name, AfterMatchSkipStrategy.noSkip());
  }

  /** Starts a pattern whose first step is {@code name}, skipping after a match as told. */
  public static <T> Pattern<T> begin(String name, AfterMatchSkipStrategy skipStrategy) {
    return new Pattern<>(name, null, Quantifier.Consuming.STRICT, skipStrategy);
  }

  /** Adds a step whose event must come right after the previous step's (strict contiguity). */
  public Pattern<T> next(String stepName) {
    return new Pattern<>(stepName, this, Quantifier.Consuming.STRICT, skipStrategy);
  }

  /** Adds a step whose event must not come right after the previous step's. */
  public Pattern<T> notNext(String stepName) {
    checkNotAfterOptional();
    return new Pattern<>(stepName, this, Quantifier.Consuming.NOT_NEXT, skipStrategy);
  }

  /** Adds a step taking the next matching event, skipping others (relaxed contiguity). */
  public Pattern<T> followedBy(String stepName) {
    return new Pattern<>(stepName, this, Quantifier.Consuming.SKIP_TILL_NEXT, skipStrategy);
  }

  /**
   * Adds a step no matching event may precede between the previous step and the next one; as the
   * last step it needs {@link #within}, and the match is emitted when the window closes.
   */
  public Pattern<T> notFollowedBy(String stepName) {
    checkNotAfterOptional();
    return new Pattern<>(stepName, this, Quantifier.Consuming.NOT_FOLLOW, skipStrategy);
  }

  /** Adds a step taking any later matching event (non-deterministic relaxed contiguity). */
  public Pattern<T> followedByAny(String stepName) {
    return new Pattern<>(stepName, this, Quantifier.Consuming.SKIP_TILL_ANY, skipStrategy);
  }

  /** Requires this step's events to meet {@code added} too (and). */
  public Pattern<T> where(IterativeCondition<T> added) {
    Objects.requireNonNull(added, "condition");
    IterativeCondition<T> before = condition;
    condition =
        before == null
            ? added
            : (value, ctx) -> before.filter(value, ctx) && added.filter(value, ctx);
    return this;
  }

  /** Requires this step's events to meet {@code added} too (and). */
  public Pattern<T> where(SimpleCondition<T> added) {
    Objects.requireNonNull(added, "condition");
    return where((value, ctx) -> added.filter(value));
  }

  /** Lets this step's events meet {@code alternative} instead (or). */
  public Pattern<T> or(IterativeCondition<T> alternative) {
    Objects.requireNonNull(alternative, "condition");
    IterativeCondition<T> before = condition;
    condition =
        before == null
            ? alternative
            : (value, ctx) -> before.filter(value, ctx) || alternative.filter(value, ctx);
    return this;
  }

  /** Lets this step's events meet {@code alternative} instead (or). */
  public Pattern<T> or(SimpleCondition<T> alternative) {
    Objects.requireNonNull(alternative, "condition");
    return or((value, ctx) -> alternative.filter(value));
  }

  /** Stops a looping step at the first event meeting {@code stop}, which it does not take. */
  public Pattern<T> until(IterativeCondition<T> stop) {
    Objects.requireNonNull(stop, "condition");
    if (untilCondition != null) {
      throw new MalformedPatternException("step " + name + " already has an until condition");
    }
    if (!quantifier.has(Quantifier.Property.LOOPING)) {
      throw new MalformedPatternException(
          "until applies to looping steps (oneOrMore, timesOrMore), not to " + name);
    }
    untilCondition = stop;
    return this;
  }

  /** Stops a looping step at the first event meeting {@code stop}, which it does not take. */
  public Pattern<T> until(SimpleCondition<T> stop) {
    Objects.requireNonNull(stop, "condition");
    return until((value, ctx) -> stop.filter(value));
  }

  /**
   * Requires a match's last event to come less than {@code window} after its first; partial matches
   * older than that time out. The shortest window of the steps counts.
   */
  public Pattern<T> within(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.toMillis() <= 0) {
      throw new MalformedPatternException("within must be at least 1 ms, was " + window);
    }
    windowMillis = window.toMillis();
    return this;
  }

  /** Makes this step take exactly {@code times} events. */
  public Pattern<T> times(int times) {
    return times(times, times);
  }

  /** Makes this step take {@code from} to {@code to} events; {@code from} 0 makes it optional. */
  public Pattern<T> times(int from, int to) {
    checkQuantifiable();
    if (from < 0 || to < Math.max(from, 1)) {
      throw new MalformedPatternException(
          "times(" + from + ", " + to + ") of " + name + ": need 0 <= from <= to and to >= 1");
    }
    quantifier = Quantifier.times(quantifier.consuming());
    if (from == 0) {
      quantifier.optional();
    }
    timesFrom = Math.max(from, 1);
    timesTo = to;
    return this;
  }

  /** Makes this step take {@code times} events or more. */
  public Pattern<T> timesOrMore(int times) {
    checkQuantifiable();
    if (times < 1) {
      throw new MalformedPatternException(
          "timesOrMore(" + times + ") of " + name + ": need at least 1");
    }
    quantifier = Quantifier.looping(quantifier.consuming());
    timesFrom = times;
    timesTo = times;
    return this;
  }

  /** Makes this step take one event or more. */
  public Pattern<T> oneOrMore() {
    return timesOrMore(1);
  }

  /** Makes this step optional. */
  public Pattern<T> optional() {
    if (previous != null && previous.quantifier.has(Quantifier.Property.GREEDY)) {
      throw new MalformedPatternException(
          "optional step " + name + " cannot follow the greedy step " + previous.name);
    }
    quantifier.optional();
    return this;
  }

  /** Makes this looping or times step take as many events as it can. */
  public Pattern<T> greedy() {
    checkNotNot();
    quantifier.greedy();
    return this;
  }

  /** Makes this looping or times step's events strictly contiguous. */
  public Pattern<T> consecutive() {
    quantifier.consecutive();
    return this;
  }

  /** Makes this looping or times step's events non-deterministically relaxed. */
  public Pattern<T> allowCombinations() {
    quantifier.combinations();
    return this;
  }

  /** This step's name. */
  public String name() {
    return name;
  }

  /** The strategy applied after each match. */
  public AfterMatchSkipStrategy skipStrategy() {
    return skipStrategy;
  }

  Pattern<T> previous() {
    return previous;
  }

  Quantifier quantifier() {
    return quantifier;
  }

  /** This step's condition, always true when none was set. */
  IterativeCondition<T> condition() {
    return condition != null ? condition : (value, ctx) -> true;
  }

  IterativeCondition<T> untilCondition() {
    return untilCondition;
  }

  int timesFrom() {
    return timesFrom;
  }

  int timesTo() {
    return timesTo;
  }

  long windowMillis() {
    return windowMillis;
  }

  private void checkQuantifiable() {
    checkNotNot();
    if (!quantifier.has(Quantifier.Property.SINGLE)) {
      throw new MalformedPatternException("step " + name + " already has a quantifier");
    }
  }

  private void checkNotNot() {
    if (quantifier.isNot()) {
      throw new MalformedPatternException("not applicable to the NOT step " + name);
    }
  }

  private void checkNotAfterOptional() {
    if (quantifier.has(Quantifier.Property.OPTIONAL)) {
      throw new MalformedPatternException(
          "a NOT step cannot follow the optional step " + name + "; use two patterns instead");
    }
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains(":") || name.startsWith("$")) {
      throw new MalformedPatternException(
          "step name '" + name + "' must be non-empty, without ':' and not start with '$'");
    }
    return name;
  }

  @Override
  public String toString() {
    return (previous == null ? "" : previous + " ") + name + "(" + quantifier + ")";
  }
}
