package io.eventide.parity.cep;

import io.eventide.sdk.cep.AfterMatchSkipStrategy;
import io.eventide.sdk.cep.Pattern;
import java.time.Duration;

/** Builds a {@link CepCase} with Eventide's CEP library. */
final class EventidePatterns {
  private EventidePatterns() {}

  static Pattern<String> build(CepCase c) {
    Pattern<String> pattern = null;
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
      String kinds = step.kinds();
      pattern.where(event -> CepCase.isKind(event, kinds));
      for (String op : step.ops()) {
        apply(pattern, step.name(), op);
      }
    }
    if (c.withinMillis() > 0) {
      pattern.within(Duration.ofMillis(c.withinMillis()));
    }
    return pattern;
  }

  private static void apply(Pattern<String> pattern, String name, String op) {
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
      case "or" -> pattern.or(event -> CepCase.isKind(event, parts[1]));
      case "until" -> pattern.until(event -> CepCase.isKind(event, parts[1]));
      case "within" -> pattern.within(Duration.ofMillis(Long.parseLong(parts[1])));
      case "iter" ->
          pattern.where((event, ctx) -> CepCase.evenSoFar(ctx.getEventsForPattern(name)));
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
}
