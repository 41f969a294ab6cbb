package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.ListSpec;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of state TTL. */
class TtlExamplesTest {
  // javadoc: ValueSpec#expireAfterWrite
  static final ValueSpec<String> TOKEN =
      ValueSpec.named("token").withType(Types.STRING).expireAfterWrite(Duration.ofMinutes(30));

  // end javadoc

  // javadoc: ValueSpec#expireAfterAccess
  static final ValueSpec<Long> SESSION =
      ValueSpec.named("session").withType(Types.LONG).expireAfterAccess(Duration.ofMinutes(5));

  // end javadoc

  // javadoc: MapSpec#expireAfterWrite
  static final MapSpec<String, Long> SEEN =
      MapSpec.named("seen")
          .withTypes(Types.STRING, Types.LONG)
          .expireAfterWrite(Duration.ofHours(1));

  // end javadoc

  // javadoc: MapSpec#expireAfterAccess
  static final MapSpec<String, Long> CACHE =
      MapSpec.named("cache")
          .withTypes(Types.STRING, Types.LONG)
          .expireAfterAccess(Duration.ofMinutes(10));

  // end javadoc

  // javadoc: ListSpec#expireAfterWrite
  static final ListSpec<String> RECENT =
      ListSpec.named("recent").withType(Types.STRING).expireAfterWrite(Duration.ofMinutes(15));

  // end javadoc

  // javadoc: ListSpec#expireAfterAccess
  static final ListSpec<String> BASKET =
      ListSpec.named("basket").withType(Types.STRING).expireAfterAccess(Duration.ofDays(1));

  // end javadoc

  @Test
  void theExamplesSayWhatTheyExpireAfter() {
    assertThat(TOKEN.ttl()).contains(Duration.ofMinutes(30));
    assertThat(TOKEN.ttlRenewedByReads()).isFalse();
    assertThat(SESSION.ttlRenewedByReads()).isTrue();
    assertThat(SEEN.ttl()).contains(Duration.ofHours(1));
    assertThat(CACHE.ttlRenewedByReads()).isTrue();
    assertThat(RECENT.ttl()).contains(Duration.ofMinutes(15));
    assertThat(BASKET.ttlRenewedByReads()).isTrue();
    assertThat(ValueSpec.named("token").withType(Types.STRING).ttl()).isEmpty();
  }
}
