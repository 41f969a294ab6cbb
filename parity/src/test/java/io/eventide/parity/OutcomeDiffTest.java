package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeDiffTest {
  private static final Outcome.Fired A1 = fired("a", 0, 10, 1, 5);
  private static final Outcome.Fired A1_REFIRED = fired("a", 0, 10, 2, 9);
  private static final Outcome.Fired B1 = fired("b", 0, 10, 1, 3);
  private static final LateRecord LATE_A = new LateRecord("a", 3, 4);
  private static final LateRecord LATE_B = new LateRecord("b", 2, 1);

  @Test
  void keysAndWindowsMayInterleaveDifferently() {
    Outcome flink = new Outcome(List.of(A1, B1, A1_REFIRED), List.of(LATE_A, LATE_B));
    Outcome eventide = new Outcome(List.of(B1, A1, A1_REFIRED), List.of(LATE_B, LATE_A));
    assertThat(OutcomeDiff.differences(flink, eventide)).isEmpty();
  }

  @Test
  void missingExtraReorderedAndDifferentFiringsAreReported() {
    Outcome flink = new Outcome(List.of(A1, A1_REFIRED, B1), List.of());
    assertThat(OutcomeDiff.differences(flink, new Outcome(List.of(A1, A1_REFIRED), List.of())))
        .singleElement()
        .asString()
        .contains("window b [0, 10): missing");
    assertThat(
            OutcomeDiff.differences(flink, new Outcome(List.of(A1, A1_REFIRED, B1, B1), List.of())))
        .singleElement()
        .asString()
        .contains("window b [0, 10)");
    assertThat(OutcomeDiff.differences(flink, new Outcome(List.of(A1_REFIRED, A1, B1), List.of())))
        .singleElement()
        .asString()
        .contains("window a [0, 10)");
    assertThat(
            OutcomeDiff.differences(
                flink, new Outcome(List.of(A1, A1_REFIRED, fired("b", 0, 10, 1, 4)), List.of())))
        .singleElement()
        .asString()
        .contains("\"sum\":3")
        .contains("\"sum\":4");
    assertThat(
            OutcomeDiff.differences(
                flink,
                new Outcome(List.of(A1, A1_REFIRED, B1, fired("c", 5, 15, 1, 1)), List.of())))
        .singleElement()
        .asString()
        .contains("window c [5, 15): extra");
  }

  @Test
  void lateRecordsMustMatchPerKeyInOrder() {
    Outcome flink = new Outcome(List.of(), List.of(LATE_A, new LateRecord("a", 1, 1)));
    assertThat(
            OutcomeDiff.differences(
                flink, new Outcome(List.of(), List.of(new LateRecord("a", 1, 1), LATE_A))))
        .singleElement()
        .asString()
        .contains("late records of a");
    assertThat(OutcomeDiff.differences(flink, new Outcome(List.of(), List.of(LATE_A))))
        .singleElement()
        .asString()
        .contains("late records of a");
  }

  @Test
  void longSequencesAreShownFromTheirFirstDifference() {
    List<LateRecord> flinkLate = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      flinkLate.add(new LateRecord("a", i, i));
    }
    List<LateRecord> eventideLate = new ArrayList<>(flinkLate);
    eventideLate.set(12, new LateRecord("a", 12, 99));
    assertThat(
            OutcomeDiff.differences(
                new Outcome(List.of(), flinkLate), new Outcome(List.of(), eventideLate)))
        .singleElement()
        .asString()
        .contains("Flink 20 items, #11.. [..., 11=11, 12=12, 13=13")
        .contains("Eventide 20 items, #11.. [..., 11=11, 12=99, 13=13")
        .doesNotContain("3=3,");
  }

  @Test
  void bothSidesJsonParsesToTheSameFiring() {
    String eventideJson =
        "{\"key\":\"a\",\"start\":0,\"end\":10,\"result\":{\"count\":1,\"sum\":5}}";
    assertThat(Outcome.parseFiring(eventideJson)).isEqualTo(A1);
    assertThat(Outcome.parseFiring(Outcome.write(new Firing("a", 0, 10, List.of(1L, 2L)))).result())
        .isEqualTo("[1,2]");
    assertThat(Outcome.parseLate(Outcome.write(LATE_A))).isEqualTo(LATE_A);
  }

  private static Outcome.Fired fired(String key, long start, long end, long count, long sum) {
    return new Outcome.Fired(key, start, end, Outcome.write(new CountSum(count, sum)));
  }
}
