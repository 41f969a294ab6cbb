package io.eventide.dispatcher.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shared names at and just past their capacity: shared up to it, returned as given past it. */
class SharedNamesTest {
  @Test
  void equalNamesShareOneInstanceUpToTheCapacityAndArePassedThroughPastIt() {
    SharedNames names = new SharedNames(2);
    String first = names.of(new String("count"));
    String second = names.of(new String("total"));

    assertThat(names.of(new String("count"))).isSameAs(first);
    assertThat(names.of(new String("total"))).isSameAs(second);
    String third = new String("name");
    assertThat(names.of(third)).as("past the capacity: as given").isSameAs(third);
    String again = new String("name");
    assertThat(names.of(again)).as("and never kept").isSameAs(again);
    assertThat(names.of(new String("count"))).isSameAs(first);
  }
}
