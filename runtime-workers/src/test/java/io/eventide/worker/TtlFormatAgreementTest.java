package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.runtime.Expiring;
import io.eventide.store.keyspace.StateTtl;
import org.junit.jupiter.api.Test;

/**
 * The SDK writes state with a TTL ({@link Expiring}) and the platform reads it ({@link StateTtl})
 * without either depending on the other: the two copies of the format must agree.
 */
class TtlFormatAgreementTest {
  @Test
  void whatTheSdkWritesThePlatformReads() {
    byte[] payload = {1, 2, 3};
    for (long at : new long[] {0, 1, 1_733_000_000_000L, Long.MAX_VALUE}) {
      byte[] stored = Expiring.wrap(at, payload);
      assertThat(StateTtl.expiresAt(stored)).isEqualTo(at);
      assertThat(StateTtl.payload(stored)).isEqualTo(payload);
      assertThat(StateTtl.alive(stored, at - 1)).isTrue();
      assertThat(StateTtl.alive(stored, at)).isFalse();
    }
    assertThat(StateTtl.SUFFIX).isEqualTo(Expiring.SUFFIX);
    assertThat(StateTtl.LIST_ON_ACCESS).isEqualTo(Expiring.LIST_ON_ACCESS);
    assertThat(StateTtl.HEADER_BYTES).isEqualTo(Expiring.HEADER_BYTES);
    assertThat(StateTtl.userName("token" + Expiring.SUFFIX)).isEqualTo("token");
    assertThat(StateTtl.userName("basket" + Expiring.LIST_ON_ACCESS)).isEqualTo("basket");
  }
}
