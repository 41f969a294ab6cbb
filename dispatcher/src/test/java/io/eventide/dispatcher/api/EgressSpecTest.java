package io.eventide.dispatcher.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rule of an egress configuration, at and just past its bound. */
class EgressSpecTest {
  static final String URL = "http://127.0.0.1:8080/hook";

  @Test
  void namesAreOneTo64CharactersOfTheNamePattern() {
    assertThatCode(() -> EgressSpec.http("a" + "b".repeat(63), URL, Map.of(), null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> EgressSpec.http("a" + "b".repeat(64), URL, Map.of(), null))
        .hasMessageContaining("must match [a-z0-9][a-z0-9_.-]{0,63}");
    assertThatThrownBy(() -> EgressSpec.http("Hooks", URL, Map.of(), null))
        .hasMessageContaining("egress name 'Hooks'");
    assertThatThrownBy(() -> EgressSpec.http("dead-letters", URL, Map.of(), null))
        .hasMessageContaining("reserved");
  }

  @Test
  void kindsAreHttpAndKafka() {
    assertThatThrownBy(() -> new EgressSpec("x", "log", null, null, null, null, null))
        .hasMessageContaining("kind 'log' must be http or kafka");
    assertThatThrownBy(() -> new EgressSpec("x", "kafka", "c", "t", URL, null, null))
        .hasMessageContaining("not url or headers");
    assertThatThrownBy(() -> new EgressSpec("x", "http", "c", null, URL, null, null))
        .hasMessageContaining("not cluster or topic");
  }

  @Test
  void urlsAreHttpOrHttpsWithAHostUpTo2048Characters() {
    String base = "http://h/";
    assertThatCode(
            () -> EgressSpec.http("x", base + "a".repeat(2048 - base.length()), Map.of(), null))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> EgressSpec.http("x", base + "a".repeat(2049 - base.length()), Map.of(), null))
        .hasMessageContaining("at most 2048");
    assertThatThrownBy(() -> EgressSpec.http("x", "ftp://h/", Map.of(), null))
        .hasMessageContaining("must be http://host");
    assertThatThrownBy(() -> EgressSpec.http("x", "http://", Map.of(), null))
        .hasMessageContaining("url 'http://'");
    assertThatThrownBy(() -> EgressSpec.http("x", "http://a b/", Map.of(), null))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> EgressSpec.http("x", null, Map.of(), null))
        .hasMessageContaining("url must be");
  }

  @Test
  void timeoutsAreOneMillisecondToFiveMinutesAndTenSecondsByDefault() {
    assertThat(EgressSpec.http("x", URL, Map.of(), null).timeout())
        .isEqualTo(Duration.ofSeconds(10));
    assertThatCode(() -> EgressSpec.http("x", URL, Map.of(), Duration.ofMinutes(5)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> EgressSpec.http("x", URL, Map.of(), Duration.ofMinutes(5).plusMillis(1)))
        .hasMessageContaining("timeout must be 1ms..5m");
    assertThatThrownBy(() -> EgressSpec.http("x", URL, Map.of(), Duration.ZERO))
        .hasMessageContaining("timeout must be 1ms..5m");
  }

  @Test
  void atMost32HeadersOfPrintableValuesAndNoneTheSinkSets() {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < 32; i++) {
      headers.put("X-H" + i, "v");
    }
    assertThatCode(() -> EgressSpec.http("x", URL, headers, null)).doesNotThrowAnyException();
    headers.put("X-H32", "v");
    assertThatThrownBy(() -> EgressSpec.http("x", URL, headers, null))
        .hasMessageContaining("at most 32 headers");
    assertThatThrownBy(() -> EgressSpec.http("x", URL, Map.of("Idempotency-Key", "k"), null))
        .hasMessageContaining("set by the sink");
    assertThatThrownBy(() -> EgressSpec.http("x", URL, Map.of("bad header", "k"), null))
        .hasMessageContaining("not an HTTP token");
    assertThatThrownBy(() -> EgressSpec.http("x", URL, Map.of("X-A", "a\r\nb"), null))
        .hasMessageContaining("printable");
    assertThatCode(() -> EgressSpec.http("x", URL, Map.of("X-A", "v".repeat(8192)), null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> EgressSpec.http("x", URL, Map.of("X-A", "v".repeat(8193)), null))
        .hasMessageContaining("at most 8192");
  }

  @Test
  void kafkaTopicsAreOneTo249CharactersOfKafkasAlphabet() {
    assertThatCode(() -> EgressSpec.kafka("x", "local", "t".repeat(249)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> EgressSpec.kafka("x", "local", "t".repeat(250)))
        .hasMessageContaining("1..249");
    assertThatThrownBy(() -> EgressSpec.kafka("x", "local", "a/b"))
        .hasMessageContaining("topic 'a/b'");
    assertThatThrownBy(() -> EgressSpec.kafka("x", "Local", "t"))
        .hasMessageContaining("kafka cluster name 'Local'");
  }
}
