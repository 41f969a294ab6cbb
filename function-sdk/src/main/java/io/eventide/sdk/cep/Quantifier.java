package io.eventide.sdk.cep;

import java.util.EnumSet;

/** How often a pattern takes events and how strictly, as Flink CEP's {@code Quantifier}. */
final class Quantifier {
  enum Property {
    SINGLE,
    LOOPING,
    TIMES,
    OPTIONAL,
    GREEDY
  }

  enum Consuming {
    STRICT,
    SKIP_TILL_NEXT,
    SKIP_TILL_ANY,
    NOT_FOLLOW,
    NOT_NEXT
  }

  private final EnumSet<Property> properties;
  private final Consuming consuming;
  private Consuming inner = Consuming.SKIP_TILL_NEXT;

  private Quantifier(Consuming consuming, Property property) {
    this.properties = EnumSet.of(property);
    this.consuming = consuming;
  }

  static Quantifier one(Consuming consuming) {
    return new Quantifier(consuming, Property.SINGLE);
  }

  static Quantifier looping(Consuming consuming) {
    return new Quantifier(consuming, Property.LOOPING);
  }

  static Quantifier times(Consuming consuming) {
    return new Quantifier(consuming, Property.TIMES);
  }

  boolean has(Property property) {
    return properties.contains(property);
  }

  Consuming consuming() {
    return consuming;
  }

  Consuming inner() {
    return inner;
  }

  boolean isNot() {
    return consuming == Consuming.NOT_FOLLOW || consuming == Consuming.NOT_NEXT;
  }

  void combinations() {
    check(!has(Property.SINGLE), "allowCombinations() applies to a looping or times pattern");
    check(inner != Consuming.STRICT, "either allowCombinations() or consecutive(), not both");
    check(inner != Consuming.SKIP_TILL_ANY, "allowCombinations() is already applied");
    inner = Consuming.SKIP_TILL_ANY;
  }

  void consecutive() {
    check(
        has(Property.LOOPING) || has(Property.TIMES),
        "consecutive() applies to a looping or times pattern");
    check(
        inner != Consuming.SKIP_TILL_ANY, "either allowCombinations() or consecutive(), not both");
    check(inner != Consuming.STRICT, "consecutive() is already applied");
    inner = Consuming.STRICT;
  }

  void optional() {
    check(!has(Property.OPTIONAL), "optional() is already applied");
    check(!isNot(), "a NOT pattern cannot be optional");
    properties.add(Property.OPTIONAL);
  }

  void greedy() {
    check(inner != Consuming.SKIP_TILL_ANY, "greedy() does not apply with allowCombinations()");
    check(!has(Property.SINGLE), "greedy() applies to a looping or times pattern");
    properties.add(Property.GREEDY);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new MalformedPatternException(message);
    }
  }

  @Override
  public String toString() {
    return properties + " " + consuming + "/" + inner;
  }
}
