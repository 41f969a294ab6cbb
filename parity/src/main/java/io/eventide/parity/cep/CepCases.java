package io.eventide.parity.cep;

import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of the CEP differential tests: together they use every step kind, quantifier, skip
 * strategy and option of the library, {@code within} on the last and on earlier steps, and
 * time-outs.
 */
final class CepCases {
  private CepCases() {}

  /** Every case, in a fixed order. */
  static List<CepCase> all() {
    List<CepCase> cases = new ArrayList<>();
    cases.add(CepCase.begin("a", "a").next("b", "b").build("next", 0, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b")
            .followedBy("c", "c")
            .build("followedBy-within", 12, "noSkip"));
    cases.add(
        CepCase.begin("a", "a").followedByAny("b", "b").build("followedByAny-within", 8, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .notNext("n", "c")
            .followedBy("b", "b")
            .build("notNext", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .notFollowedBy("n", "d")
            .followedBy("c", "c")
            .build("notFollowedBy-middle", 15, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b")
            .notFollowedBy("n", "d")
            .build("notFollowedBy-end", 9, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore")
            .followedBy("c", "c")
            .build("oneOrMore-skipPastLast", 12, "skipPastLastEvent"));
    cases.add(
        CepCase.begin("a", "a")
            .next("b", "b", "oneOrMore", "consecutive")
            .next("c", "c")
            .build("oneOrMore-consecutive", 0, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "allowCombinations")
            .followedBy("c", "c")
            .build("allowCombinations", 7, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:1:3", "greedy")
            .followedBy("c", "c")
            .build("times-greedy-skipToNext", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "bc", "timesOrMore:2", "until:d")
            .followedBy("c", "c")
            .build("timesOrMore-until-skipToFirst", 14, "first:b"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "optional")
            .followedBy("c", "c")
            .build("optional-skipToLast", 10, "last:b"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "iter")
            .followedBy("c", "c")
            .build("iterative-skipToLast", 10, "last:b"));
    cases.add(
        CepCase.begin("a", "a", "or:d")
            .followedBy("b", "b", "times:2")
            .build("or-times", 10, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "oneOrMore")
            .followedBy("b", "b")
            .build("begin-oneOrMore-skipPastLast", 8, "skipPastLastEvent"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "greedy")
            .next("c", "c")
            .build("oneOrMore-greedy", 10, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .notFollowedBy("n", "d")
            .followedBy("b", "b", "optional")
            .followedBy("c", "c")
            .build("notFollowedBy-optional", 12, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:0:2", "consecutive")
            .followedBy("c", "c")
            .build("times-from-zero-consecutive", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedByAny("b", "b", "oneOrMore")
            .followedBy("c", "c")
            .build("followedByAny-oneOrMore", 6, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .next("b", "b", "oneOrMore")
            .notNext("n", "d")
            .followedBy("c", "c")
            .build("notNext-after-loop", 10, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "greedy", "until:d")
            .followedBy("c", "c")
            .build("greedy-until", 12, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore", "optional", "greedy")
            .followedBy("c", "c")
            .build("optional-greedy-loop", 10, "skipPastLastEvent"));
    cases.add(
        CepCase.begin("a", "ab", "oneOrMore")
            .followedBy("c", "c")
            .build("skipToFirst-begin-loop", 8, "first:a"));
    cases.add(
        CepCase.begin("a", "ab", "oneOrMore")
            .followedBy("c", "c")
            .build("skipToLast-begin-loop", 8, "last:a"));
    cases.add(
        CepCase.begin("a", "a")
            .next("b", "b", "timesOrMore:2", "consecutive")
            .followedBy("c", "c")
            .build("timesOrMore-consecutive", 16, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:2:3", "allowCombinations")
            .followedBy("c", "c")
            .build("times-allowCombinations", 14, "skipToNext"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "oneOrMore")
            .notFollowedBy("n", "d")
            .build("notFollowedBy-end-after-loop", 8, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "optional")
            .followedBy("b", "b")
            .build("begin-optional", 5, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "or:d", "iter")
            .followedByAny("b", "bc", "times:1:2", "iter")
            .build("iterative-or-followedByAny", 6, "last:b"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "times:2", "consecutive", "optional")
            .next("c", "c")
            .build("times-consecutive-optional-next", 0, "noSkip"));
    cases.add(
        CepCase.begin("a", "a")
            .followedBy("b", "b", "within:6")
            .followedBy("c", "c")
            .build("within-on-a-middle-step", 15, "noSkip"));
    cases.add(
        CepCase.begin("a", "a", "within:7")
            .notFollowedBy("n", "d")
            .build("notFollowedBy-end-window-on-first-step", 0, "noSkip"));
    return cases;
  }
}
