package io.eventide.sdk.cep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Translates the {@code pattern} object of a {@link JsonPattern} into a {@link Pattern}, step by
 * step, with the same builder calls a Java user makes, so that the engine cannot tell them apart.
 */
final class JsonSteps {
  private static final Set<String> CONTIGUITIES =
      Set.of("next", "followedBy", "followedByAny", "notNext", "notFollowedBy");

  private JsonSteps() {}

  static Pattern<JsonNode> translate(JsonNode json) {
    JsonObjects.only(json, "pattern", "steps", "within", "skip");
    JsonNode steps = json.get("steps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) {
      throw new MalformedPatternException("pattern: \"steps\" must be a non-empty array");
    }
    if (steps.size() > JsonPattern.MAX_STEPS) {
      throw new MalformedPatternException(
          "pattern: " + steps.size() + " steps; at most " + JsonPattern.MAX_STEPS + " are allowed");
    }
    AfterMatchSkipStrategy skip = skip(json.get("skip"));
    JsonConditions conditions = new JsonConditions();
    Pattern<JsonNode> pattern = null;
    for (int i = 0; i < steps.size(); i++) {
      pattern = step(pattern, steps.get(i), "steps[" + i + "]", skip, conditions);
    }
    JsonNode within = json.get("within");
    try {
      if (within != null) {
        pattern.within(JsonPattern.window(within));
      }
      NfaCompiler.compile(pattern); // the compiler's checks, now rather than when first run
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedPatternException("pattern: " + e.getMessage());
    }
    return pattern;
  }

  private static Pattern<JsonNode> step(
      Pattern<JsonNode> previous,
      JsonNode json,
      String where,
      AfterMatchSkipStrategy skip,
      JsonConditions conditions) {
    if (!json.isObject()) {
      throw new MalformedPatternException(where + ": a step must be an object");
    }
    JsonObjects.only(json, where, "name", "contiguity", "where", "or", "until", "quantifier");
    String name = JsonObjects.text(json, "name", where);
    if (name.isEmpty() || name.length() > 64) {
      throw new MalformedPatternException(where + ": a step name must be 1..64 characters");
    }
    where = where + " (" + name + ")";
    try {
      Pattern<JsonNode> step;
      if (previous == null) {
        if (json.has("contiguity")) {
          throw new MalformedPatternException(
              where + ": the first step has no \"contiguity\"; it begins the pattern");
        }
        step = Pattern.begin(name, skip);
      } else {
        String contiguity = JsonObjects.text(json, "contiguity", where);
        step =
            switch (contiguity) {
              case "next" -> previous.next(name);
              case "followedBy" -> previous.followedBy(name);
              case "followedByAny" -> previous.followedByAny(name);
              case "notNext" -> previous.notNext(name);
              case "notFollowedBy" -> previous.notFollowedBy(name);
              default ->
                  throw new MalformedPatternException(
                      where
                          + ": unknown contiguity '"
                          + contiguity
                          + "'; use one of "
                          + String.join(", ", new java.util.TreeSet<>(CONTIGUITIES)));
            };
      }
      if (json.has("where")) {
        step.where(conditions.parse(json.get("where"), where + ".where"));
      }
      if (json.has("or")) {
        step.or(conditions.parse(json.get("or"), where + ".or"));
      }
      if (json.has("quantifier")) {
        quantify(step, json.get("quantifier"), where + ".quantifier");
      }
      if (json.has("until")) {
        step.until(conditions.parse(json.get("until"), where + ".until"));
      }
      return step;
    } catch (MalformedPatternException e) {
      throw e.getMessage().startsWith(where) || e.getMessage().startsWith("steps[")
          ? e
          : new MalformedPatternException(where + ": " + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new MalformedPatternException(where + ": " + e.getMessage());
    }
  }

  private static void quantify(Pattern<JsonNode> step, JsonNode json, String where) {
    if (!json.isObject()) {
      throw new MalformedPatternException(where + ": a quantifier must be an object");
    }
    JsonObjects.only(
        json,
        where,
        "times",
        "timesOrMore",
        "oneOrMore",
        "optional",
        "greedy",
        "consecutive",
        "allowCombinations");
    int counts =
        (json.has("times") ? 1 : 0)
            + (json.has("timesOrMore") ? 1 : 0)
            + (json.has("oneOrMore") ? 1 : 0);
    if (counts > 1) {
      throw new MalformedPatternException(
          where + ": give at most one of \"times\", \"timesOrMore\" and \"oneOrMore\"");
    }
    JsonNode times = json.get("times");
    if (times != null && times.isObject()) {
      JsonObjects.only(times, where + ".times", "from", "to");
      int from = JsonObjects.integer(times.get("from"), "from", where, 0, JsonPattern.MAX_TIMES);
      int to = JsonObjects.integer(times.get("to"), "to", where, 1, JsonPattern.MAX_TIMES);
      step.times(from, to);
    } else if (times != null) {
      step.times(JsonObjects.integer(times, "times", where, 1, JsonPattern.MAX_TIMES));
    }
    if (json.has("timesOrMore")) {
      step.timesOrMore(
          JsonObjects.integer(
              json.get("timesOrMore"), "timesOrMore", where, 1, JsonPattern.MAX_TIMES));
    }
    if (JsonObjects.flag(json, "oneOrMore", where)) {
      step.oneOrMore();
    }
    if (JsonObjects.flag(json, "optional", where)) {
      step.optional();
    }
    if (JsonObjects.flag(json, "greedy", where)) {
      step.greedy();
    }
    if (JsonObjects.flag(json, "consecutive", where)) {
      step.consecutive();
    }
    if (JsonObjects.flag(json, "allowCombinations", where)) {
      step.allowCombinations();
    }
  }

  private static AfterMatchSkipStrategy skip(JsonNode json) {
    if (json == null) {
      return AfterMatchSkipStrategy.noSkip();
    }
    if (json.isTextual()) {
      switch (json.asText()) {
        case "noSkip":
          return AfterMatchSkipStrategy.noSkip();
        case "skipToNext":
          return AfterMatchSkipStrategy.skipToNext();
        case "skipPastLastEvent":
          return AfterMatchSkipStrategy.skipPastLastEvent();
        default:
          break;
      }
    } else if (json.isObject() && json.size() == 1) {
      if (json.has("skipToFirst")) {
        return AfterMatchSkipStrategy.skipToFirst(JsonObjects.text(json, "skipToFirst", "skip"));
      }
      if (json.has("skipToLast")) {
        return AfterMatchSkipStrategy.skipToLast(JsonObjects.text(json, "skipToLast", "skip"));
      }
    }
    throw new MalformedPatternException(
        "pattern.skip: unknown skip strategy "
            + json
            + "; use \"noSkip\", \"skipToNext\", \"skipPastLastEvent\", {\"skipToFirst\": step} or"
            + " {\"skipToLast\": step}");
  }
}
