package io.eventide.parity.cep;

import java.time.Duration;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/** Builds a {@link CepCase} with Flink's CEP library. */
final class FlinkPatterns {
  private FlinkPatterns() {}

  static Pattern<String, String> build(CepCase c) {
    Pattern<String, String> pattern = null;
    for (CepCase.Step step : c.steps()) {
      pattern =
          switch (step.connector()) {
            case "begin" -> Pattern.begin(step.name(), skip(c.skip()));
            case "next" -> pattern.next(step.name());
            case "followedBy" -> pattern.followedBy(step.name());
            case "followedByAny" -> pattern.followedByAny(step.name());
            case "notNext" -> pattern.notNext(step.name());
            case "notFollowedBy" -> pattern.notFollowedBy(step.name());
            default -> throw new IllegalArgumentException(step.connector());
          };
      pattern.where(new Kinds(step.kinds()));
      for (String op : step.ops()) {
        apply(pattern, step.name(), op);
      }
    }
    if (c.withinMillis() > 0) {
      pattern.within(Duration.ofMillis(c.withinMillis()));
    }
    return pattern;
  }

  private static void apply(Pattern<String, String> pattern, String name, String op) {
    String[] parts = op.split(":");
    switch (parts[0]) {
      case "oneOrMore" -> pattern.oneOrMore();
      case "times" ->
          pattern.times(
              Integer.parseInt(parts[1]), Integer.parseInt(parts.length > 2 ? parts[2] : parts[1]));
      case "timesOrMore" -> pattern.timesOrMore(Integer.parseInt(parts[1]));
      case "optional" -> pattern.optional();
      case "greedy" -> pattern.greedy();
      case "consecutive" -> pattern.consecutive();
      case "allowCombinations" -> pattern.allowCombinations();
      case "or" -> pattern.or(new Kinds(parts[1]));
      case "until" -> pattern.until(new Kinds(parts[1]));
      case "within" -> pattern.within(Duration.ofMillis(Long.parseLong(parts[1])));
      case "iter" -> pattern.where(new EvenSoFar(name));
      default -> throw new IllegalArgumentException(op);
    }
  }

  private static AfterMatchSkipStrategy skip(String skip) {
    return switch (skip.split(":")[0]) {
      case "noSkip" -> AfterMatchSkipStrategy.noSkip();
      case "skipToNext" -> AfterMatchSkipStrategy.skipToNext();
      case "skipPastLastEvent" -> AfterMatchSkipStrategy.skipPastLastEvent();
      case "first" -> AfterMatchSkipStrategy.skipToFirst(skip.split(":")[1]);
      case "last" -> AfterMatchSkipStrategy.skipToLast(skip.split(":")[1]);
      default -> throw new IllegalArgumentException(skip);
    };
  }

  /** The event is of one of the kinds. */
  static final class Kinds extends SimpleCondition<String> {
    private static final long serialVersionUID = 1L;
    private final String kinds;

    Kinds(String kinds) {
      this.kinds = kinds;
    }

    @Override
    public boolean filter(String event) {
      return CepCase.isKind(event, kinds);
    }
  }

  /** {@link CepCase#evenSoFar} over the step's events so far. */
  static final class EvenSoFar extends IterativeCondition<String> {
    private static final long serialVersionUID = 1L;
    private final String step;

    EvenSoFar(String step) {
      this.step = step;
    }

    @Override
    public boolean filter(String event, Context<String> ctx) throws Exception {
      return CepCase.evenSoFar(ctx.getEventsForPattern(step));
    }
  }
}
