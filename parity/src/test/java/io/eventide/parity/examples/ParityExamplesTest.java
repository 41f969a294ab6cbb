package io.eventide.parity.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.parity.Lane;
import io.eventide.parity.ParityConfig;
import io.eventide.parity.WindowShape;
import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.Windows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of the parity module, run. Each throws its value away, as the Javadoc shows
 * it; the assertions compute it again to hold the comment beside the example to it.
 */
class ParityExamplesTest {
  @Test
  void aShapeIsTheAssignerItsCommentNames() {
    // javadoc: WindowShape
    WindowShape.sliding(1500, 400).assigner(); // Windows.sliding(1.5 s, 400 ms)
    // end javadoc

    WindowAssigner named = Windows.sliding(Duration.ofMillis(1500), Duration.ofMillis(400));
    assertThat(WindowShape.sliding(1500, 400).assigner())
        .usingRecursiveComparison()
        .isEqualTo(named);
  }

  @Test
  void aCaseIsNamedByItsConfigurationAndLane() {
    // javadoc: ParityConfig
    ParityConfig.SESSION_SUM_LATENESS.caseName(
        Lane.RANDOM_REQUESTS); // "session-sum-lateness-split"
    // end javadoc

    assertThat(ParityConfig.SESSION_SUM_LATENESS.caseName(Lane.RANDOM_REQUESTS))
        .isEqualTo("session-sum-lateness-split");
  }
}
