package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.IngressMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonParserTest {
  private final NdjsonParser parser = new NdjsonParser(Json.FACTORY, 100, 1 << 20);

  private NdjsonParser.Batch parse(String text) {
    return parser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String payload(IngressMessage message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void payloadsOfEveryJsonKindAreReserialized() {
    NdjsonParser.Batch batch =
        parse(
            """
            {"target":"a/b/1","payload":{ "x" : [1, 2], "y": null }}
            {"target":"a/b/2","payload":[true, "s"]}
            {"target":"a/b/3","payload":12.5}
            {"target":"a/b/4","payload":"text"}
            """);

    List<IngressMessage> events = batch.events();
    assertThat(events)
        .extracting(NdjsonParserTest::payload)
        .containsExactly("{\"x\":[1,2],\"y\":null}", "[true,\"s\"]", "12.5", "\"text\"");
    assertThat(events).allSatisfy(e -> assertThat(e.contentType()).isEqualTo("application/json"));
  }

  @Test
  void compactPayloadsAreTakenAsWrittenWhereverTheyEndOnTheLine() {
    NdjsonParser.Batch batch =
        parse(
            """
            {"payload":{"s":"a\\"}\\\\","n":[-1.5e3,{}]},"target":"a/b/1"}
            {"target":"a/b/2","payload":"\\u00e9,}]\\"" , "eventTime":1}
            {"target":"a/b/3","payload":-0.25E+2}
            {"target":"a/b/4","payload":false	}
            {"target":"a/b/5","payload":null,"eventTime":2}
            {"target":"a/b/6","payload":{"x":[1,2]} }""");

    assertThat(batch.events())
        .extracting(NdjsonParserTest::payload)
        .containsExactly(
            "{\"s\":\"a\\\"}\\\\\",\"n\":[-1.5e3,{}]}",
            "\"\\u00e9,}]\\\"\"",
            "-0.25E+2",
            "false",
            "null",
            "{\"x\":[1,2]}");
  }

  @Test
  void fieldsAreReadInAnyOrderAndUnknownOnesIgnored() {
    NdjsonParser.Batch batch =
        parse(
            "{\"idempotencyKey\":\"k\",\"extra\":{\"deep\":[1]},\"payload\":1,\"eventTime\":99,\"target\":\"ns/t/id/with/slash\"}\r\n");

    IngressMessage event = batch.events().get(0);
    assertThat(event.namespace()).isEqualTo("ns");
    assertThat(event.type()).isEqualTo("t");
    assertThat(event.id()).isEqualTo("id/with/slash");
    assertThat(event.eventTime()).isEqualTo(99);
    assertThat(event.idempotencyKey()).isEqualTo("k");
  }

  @Test
  void blankLinesAreSkippedButCountedForLineNumbers() {
    NdjsonParser.Batch batch =
        parse("\n{\"target\":\"a/b/1\",\"payload\":1}\n\n  \n{\"target\":\"a/b/2\",\"payload\":2}");

    assertThat(batch.lines()).containsExactly(2, 5);
    assertThat(batch.events().get(0).eventTime()).isEqualTo(IngressMessage.INGESTION_TIME);
  }

  @Test
  void errorsNameTheLine() {
    assertError("{\"target\":\"a/b/1\",\"payload\":1}\n{\"target\":", "line 2: malformed JSON");
    assertError("[1]", "line 1: expected a JSON object");
    assertError("{\"payload\":1}", "line 1: missing \"target\"");
    assertError("{\"target\":\"a/b/1\"}", "line 1: missing \"payload\"");
    assertError("{\"target\":\"a/b/1\",\"payload\":1} {}", "line 1: unexpected content");
    assertError(
        "{\"target\":\"a/b/1\",\"payload\":1,\"eventTime\":\"now\"}", "line 1: \"eventTime\"");
    assertError("{\"target\":\"a/b/1\",\"payload\":1,\"eventTime\":1.5}", "line 1: \"eventTime\"");
    assertError("{\"target\":\"a b/c/1\",\"payload\":1}", "line 1: bad target");
    assertError("{\"target\":\"a/b/" + "x".repeat(257) + "\",\"payload\":1}", "1..256 bytes");
    assertError(
        "{\"target\":\"a/b/1\",\"payload\":1,\"idempotencyKey\":\"" + "k".repeat(257) + "\"}",
        "line 1: idempotencyKey");
  }

  @Test
  void eventsMustKeepToTheirLines() {
    String ok = "{\"target\":\"a/b/1\",\"payload\":1}\n";
    assertError(ok + ok + "garbage\n" + ok, "line 3: malformed JSON");
    assertError(
        ok + "{\"target\":\"a/b/1\",\n\"payload\":1}", "line 2: an event must be one JSON object");
    assertError(ok + "\n\n{\"target\":\"a/b/1\",\"payload\":[1,\n", "line 4: malformed JSON");
  }

  @Test
  void aPayloadStringCutOffByTheEndOfTheBodyIs400() {
    // The payload string is taken as written, before the parser has read it through.
    assertError("{\"target\":\"a/b/1\",\"payload\":\"abc", "line 1: malformed JSON");
    assertError("{\"target\":\"a/b/1\",\"payload\":\"abc\\", "line 1: malformed JSON");
  }

  @Test
  void aPayloadIsHeldToTheMessageLimit() {
    NdjsonParser tight = new NdjsonParser(Json.FACTORY, 10, 5);
    String prefix = "{\"target\":\"a/b/1\",\"payload\":";

    assertThat(tight.parse((prefix + "\"abc\"}").getBytes(StandardCharsets.UTF_8)).events())
        .hasSize(1);
    assertThat(tight.parse((prefix + "[1, 2]}").getBytes(StandardCharsets.UTF_8)).events())
        .hasSize(1);
    assertThatThrownBy(() -> tight.parse((prefix + "\"abcd\"}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessageContaining("line 1: a payload of 6 bytes is over the limit of 5 bytes");
  }

  @Test
  void moreEventsThanTheLimitIs413() {
    NdjsonParser small = new NdjsonParser(Json.FACTORY, 2, 1 << 20);
    byte[] three =
        "{\"target\":\"a/b/1\",\"payload\":1}\n".repeat(3).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> small.parse(three))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  private void assertError(String text, String message) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }
}
