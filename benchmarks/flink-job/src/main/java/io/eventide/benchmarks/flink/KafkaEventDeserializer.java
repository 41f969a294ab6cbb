package io.eventide.benchmarks.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of the benchmark topic as an {@link Event}: the key (UTF-8) is the window's key and the
 * record's timestamp its event time; the value ({@code 1}) is not read, as the count is the number
 * of records. Records keyed {@code skipKey} (the end-of-input markers the topic ends with for
 * Eventide, see {@code benchmarks/kafka.sh}) are dropped: a bounded Flink source ends its input on
 * its own.
 */
final class KafkaEventDeserializer implements KafkaRecordDeserializationSchema<Event> {

  private static final long serialVersionUID = 1L;

  private final String skipKey;

  KafkaEventDeserializer(String skipKey) {
    this.skipKey = skipKey;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Event> out) {
    String key = new String(record.key(), StandardCharsets.UTF_8);
    if (!key.equals(skipKey)) {
      out.collect(new Event(key, record.timestamp()));
    }
  }

  @Override
  public TypeInformation<Event> getProducedType() {
    return TypeInformation.of(Event.class);
  }
}
