package io.eventide.dispatcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.IngressMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What a subscription takes from a record, at and just past each limit. */
class RecordMapperTest {
  static Subscription subscription(String idFrom, String timeFrom) {
    return new Subscription(
        "s", "local", "topic", "ns", "type", idFrom, timeFrom, 0, 0, false, "application/json");
  }

  static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, long timestamp) {
    return new ConsumerRecord<>(
        "topic",
        3,
        42,
        timestamp,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void byDefaultTheKeyIsTheIdAndTheTimestampTheEventTime() throws Exception {
    IngressMessage m =
        new RecordMapper(subscription("key", "timestamp"))
            .map(record(bytes("alice"), bytes("1"), 77));
    assertThat(m.id()).isEqualTo("alice");
    assertThat(m.eventTime()).isEqualTo(77);
    assertThat(m.contentType()).isEqualTo("application/json");
    assertThat(m.type()).isEqualTo("type");
  }

  @Test
  void idsAreOneTo256Bytes() throws Exception {
    RecordMapper mapper = new RecordMapper(subscription("key", "timestamp"));
    assertThat(mapper.map(record(bytes("é".repeat(128)), bytes("1"), 1)).id()).hasSize(128);
    assertThatThrownBy(() -> mapper.map(record(bytes("é".repeat(128) + "x"), bytes("1"), 1)))
        .hasMessageContaining("257 bytes");
    assertThatThrownBy(() -> mapper.map(record(bytes(""), bytes("1"), 1)))
        .hasMessageContaining("0 bytes");
    assertThatThrownBy(() -> mapper.map(record(null, bytes("1"), 1)))
        .hasMessageContaining("no key");
    assertThatThrownBy(() -> mapper.map(record(new byte[] {(byte) 0xff}, bytes("1"), 1)))
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void aValueHoldsAtMostOneMebibyte() throws Exception {
    RecordMapper mapper = new RecordMapper(subscription("partition", "timestamp"));
    byte[] limit = new byte[RecordMapper.MAX_PAYLOAD_BYTES];
    assertThat(mapper.map(record(null, limit, 1)).payload()).hasSize(1 << 20);
    assertThat(mapper.map(record(null, limit, 1)).id()).isEqualTo("3");
    assertThatThrownBy(() -> mapper.map(record(null, new byte[(1 << 20) + 1], 1)))
        .hasMessageContaining("1048577 bytes");
  }

  @Test
  void pointersReadTheValueAndSayWhatIsMissing() throws Exception {
    RecordMapper mapper = new RecordMapper(subscription("/user/id", "/at"));
    IngressMessage m = mapper.map(record(null, bytes("{\"user\":{\"id\":7},\"at\":1234}"), 1));
    assertThat(m.id()).isEqualTo("7");
    assertThat(m.eventTime()).isEqualTo(1234);
    assertThatThrownBy(() -> mapper.map(record(null, bytes("{\"at\":1}"), 1)))
        .hasMessageContaining("/user/id");
    assertThatThrownBy(() -> mapper.map(record(null, bytes("{\"user\":{\"id\":7},\"at\":1.5}"), 1)))
        .hasMessageContaining("/at");
    assertThatThrownBy(() -> mapper.map(record(null, bytes("{\"user\""), 1)))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> mapper.map(record(null, null, 1))).hasMessageContaining("no value");
  }

  @Test
  void aContentTypeHeaderWins() throws Exception {
    ConsumerRecord<byte[], byte[]> r = record(bytes("k"), bytes("x"), 1);
    r.headers().add("content-type", bytes("text/plain"));
    assertThat(new RecordMapper(subscription("key", "timestamp")).map(r).contentType())
        .isEqualTo("text/plain");
  }

  @Test
  void aRecordWithoutTimestampTakesItsIngestionTime() throws Exception {
    IngressMessage m =
        new RecordMapper(subscription("key", "timestamp")).map(record(bytes("k"), bytes("1"), -1));
    assertThat(m.eventTime()).isEqualTo(IngressMessage.INGESTION_TIME);
  }

  @Test
  void subscriptionsRefuseBadPointersAndNames() {
    assertThatThrownBy(() -> subscription("user", "timestamp"))
        .hasMessageContaining("JSON pointer");
    assertThatThrownBy(() -> subscription("key", "ts")).hasMessageContaining("JSON pointer");
    assertThatThrownBy(
            () ->
                new Subscription(
                    "S", "local", "t", "ns", "type", "key", "timestamp", 0, 0, false, "a/b"))
        .hasMessageContaining("subscription name 'S'");
    assertThatThrownBy(
            () ->
                new Subscription(
                    "s", "local", "t t", "ns", "type", "key", "timestamp", 0, 0, false, "a/b"))
        .hasMessageContaining("topic");
  }
}
