package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void expectedCountsAddUpToTheTotalAndMatchRoundRobin() {
    Keys keys = new Keys("t-", 7);
    long total = 100;
    long[] sent = new long[7];
    for (long i = 0; i < total; i++) {
      sent[Integer.parseInt(keys.idOfMessage(i).substring("t-k".length()))]++;
    }
    assertThat(IntStream.range(0, 7).mapToLong(k -> keys.expected(k, total)).toArray())
        .containsExactly(sent);
    assertThat(IntStream.range(0, 7).mapToLong(k -> keys.expected(k, total)).sum())
        .isEqualTo(total);
  }

  @Test
  void addressesAreCounterAddressesWithEncodedIds() {
    Keys keys = new Keys("a b/", 3);
    assertThat(keys.address(2)).isEqualTo("example/counter/a+b%2Fk2");
    assertThat(keys.id(2)).isEqualTo("a b/k2");
  }

  @Test
  void samplesAreDistinctSortedRepeatableAndAllKeysWhenLarge() {
    Keys keys = new Keys("t-", 1_000_000);
    int[] sample = keys.sample(1000, 7);
    assertThat(sample).hasSize(1000).isSorted().doesNotHaveDuplicates();
    assertThat(IntStream.of(sample).allMatch(k -> k >= 0 && k < 1_000_000)).isTrue();
    assertThat(keys.sample(1000, 7)).containsExactly(sample);
    assertThat(keys.sample(1000, 8)).isNotEqualTo(sample);
    assertThat(new Keys("t-", 5).sample(9, 7)).containsExactly(0, 1, 2, 3, 4);
    assertThat(new Keys("t-", 5).sample(5, 7)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void freshPrefixesStartWithTheScenario() {
    assertThat(Keys.freshPrefix("i")).startsWith("i").endsWith("-");
  }
}
