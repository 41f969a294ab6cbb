package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.DispatcherException;
import org.junit.jupiter.api.Test;

/**
 * The bound of {@link DispatcherConfig#backlogLimit}: "pending messages per key group beyond which
 * ingress answers OVERLOADED". A group may hold that many; the message that would make one more is
 * turned away.
 */
class BacklogTest {
  private static final long LIMIT = 3;

  private final Backlog backlog = new Backlog(4, LIMIT);

  @Test
  void admitsUpToItsLimitAndTurnsAwayTheMessageThatWouldGoBeyond() {
    for (int i = 0; i < LIMIT; i++) {
      backlog.admit(1);
      backlog.enqueued(1, 1);
    }
    assertThat(backlog.get(1)).isEqualTo(LIMIT);

    assertThatThrownBy(() -> backlog.admit(1))
        .isInstanceOfSatisfying(
            DispatcherException.class,
            e -> assertThat(e.code()).isEqualTo(DispatcherException.Code.OVERLOADED))
        .hasMessageContaining("key group 1 has 3 pending messages");
    assertThatCode(() -> backlog.admit(2))
        .as("other key groups are not affected")
        .doesNotThrowAnyException();
  }

  @Test
  void admitsOneBelowItsLimit() {
    backlog.enqueued(1, (int) LIMIT - 1);

    assertThatCode(() -> backlog.admit(1)).doesNotThrowAnyException();
  }

  @Test
  void aConsumedMessageMakesRoomAgain() {
    backlog.enqueued(1, (int) LIMIT);
    assertThatThrownBy(() -> backlog.admit(1)).isInstanceOf(DispatcherException.class);

    backlog.consumed(1, 1);

    assertThatCode(() -> backlog.admit(1)).doesNotThrowAnyException();
    assertThat(backlog.get(1)).isEqualTo(LIMIT - 1);
  }

  @Test
  void countsNeverGoBelowZeroAndAddUpOverGroups() {
    backlog.enqueued(0, 2);
    backlog.enqueued(3, 5);

    // After a restart the count starts at zero while the inboxes still hold messages.
    backlog.consumed(0, 7);

    assertThat(backlog.get(0)).isZero();
    assertThat(backlog.total()).isEqualTo(5);
  }

  @Test
  void theDefaultLimitIsTheDocumentedOne() {
    Backlog defaults = new Backlog(1, DispatcherConfig.defaults("d1").backlogLimit());
    defaults.enqueued(0, 199_999);
    assertThatCode(() -> defaults.admit(0)).doesNotThrowAnyException();

    defaults.enqueued(0, 1);

    assertThatThrownBy(() -> defaults.admit(0)).isInstanceOf(DispatcherException.class);
  }
}
