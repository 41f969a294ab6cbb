package io.eventide.sdk.cep;

import java.util.HashSet;
import java.util.Set;

/** The checks Flink's compiler makes of a whole pattern before compiling it. */
final class PatternChecks {
  private PatternChecks() {}

  /** Step names are unique (and not {@code end}); a skip strategy's step is in the pattern. */
  static <T> void check(Pattern<T> last, String end) {
    checkNames(last, end);
    checkSkipStrategy(last);
  }

  private static <T> void checkNames(Pattern<T> current, String end) {
    Set<String> seen = new HashSet<>();
    seen.add(end);
    for (Pattern<T> p = current; p != null; p = p.previous()) {
      if (!seen.add(p.name())) {
        throw new MalformedPatternException(
            "Duplicate pattern name: " + p.name() + ". Names must be unique.");
      }
    }
  }

  private static <T> void checkSkipStrategy(Pattern<T> current) {
    String target = current.skipStrategy().patternName();
    if (target == null) {
      return;
    }
    for (Pattern<T> p = current; p != null; p = p.previous()) {
      if (p.name().equals(target)) {
        return;
      }
    }
    throw new MalformedPatternException(
        "the step " + target + " of the after-match skip strategy is not in the pattern");
  }
}
