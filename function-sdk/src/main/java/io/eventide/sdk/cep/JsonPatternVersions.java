package io.eventide.sdk.cep;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.TypeName;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The kept versions of one named {@link JsonPattern}, run as one function type over their input:
 * each partial match runs under the version it started under until it completes or times out, and
 * new partial matches start under the newest version active at their first event (every version is,
 * unless it names an {@link JsonPattern#activeFrom() activeFrom} event time). Versions number from
 * 1; the highest is the current one.
 *
 * <pre>{@code
 * JsonPatternVersions versions = JsonPatternVersions.of("big-after-small", Map.of(1, parsed));
 * FunctionTestDriver driver = FunctionTestDriver.create().register(versions.functionSpec());
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; a changed pattern is a new instance, and its function type a new registration.
 */
public final class JsonPatternVersions {
  private final String name;
  private final NavigableMap<Integer, Compiled> versions = new TreeMap<>();

  /** A version compiled once, shared by every call of the function. */
  record Compiled(int version, JsonPattern pattern, Nfa<JsonNode> nfa) {}

  private JsonPatternVersions(String name, Map<Integer, JsonPattern> versions) {
    this.name = Objects.requireNonNull(name, "name");
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("pattern " + name + " has no version");
    }
    TypeName input = null;
    for (Map.Entry<Integer, JsonPattern> entry : versions.entrySet()) {
      JsonPattern pattern = entry.getValue();
      if (entry.getKey() < 1) {
        throw new IllegalArgumentException("pattern versions start at 1, was " + entry.getKey());
      }
      if (input != null && !input.equals(pattern.input())) {
        throw new IllegalArgumentException(
            "every version of pattern "
                + name
                + " must have the same input, not "
                + input
                + " and "
                + pattern.input());
      }
      input = pattern.input();
      this.versions.put(
          entry.getKey(),
          new Compiled(entry.getKey(), pattern, NfaCompiler.compile(pattern.pattern())));
    }
  }

  /** The versions of the pattern {@code name}, by version number; at least one. */
  public static JsonPatternVersions of(String name, Map<Integer, JsonPattern> versions) {
    return new JsonPatternVersions(name, versions);
  }

  /** The pattern's name. */
  public String name() {
    return name;
  }

  /** The function type the pattern runs over. */
  public TypeName input() {
    return versions.lastEntry().getValue().pattern().input();
  }

  /** The current (highest) version. */
  public int current() {
    return versions.lastKey();
  }

  /**
   * The function type to register: the versioned pattern operator over {@link #input()}.
   *
   * <pre>{@code
   * FunctionSpec spec = versions.functionSpec();   // serves versions.input()
   * }</pre>
   */
  public FunctionSpec functionSpec() {
    return FunctionSpec.builder(input())
        .withSupplier(() -> new JsonPatternOperator(this))
        .withValueSpecs(CepOperator.ARRIVALS, CepOperator.LATE_DROPPED)
        .build();
  }

  /** The version {@code version}, if it is kept. */
  Compiled version(int version) {
    return versions.get(version);
  }

  /**
   * The version a partial match starting at event time {@code timestamp} starts under: the highest
   * whose activeFrom is at or before it.
   */
  int startingAt(long timestamp) {
    for (Compiled compiled : versions.descendingMap().values()) {
      if (compiled.pattern().activeFrom().orElse(Long.MIN_VALUE) <= timestamp) {
        return compiled.version();
      }
    }
    return versions.firstKey();
  }

  NavigableMap<Integer, Compiled> all() {
    return Collections.unmodifiableNavigableMap(versions);
  }

  @Override
  public String toString() {
    return "JsonPatternVersions(" + name + ", versions " + versions.keySet() + ")";
  }
}
