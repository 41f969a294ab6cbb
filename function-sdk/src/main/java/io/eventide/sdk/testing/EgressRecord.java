package io.eventide.sdk.testing;

import io.eventide.sdk.Type;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record a function wrote to an egress, as {@link FunctionTestDriver#egressRecords} returns it.
 *
 * <pre>{@code
 * EgressRecord first = driver.egressRecords("counts").get(0);
 * assertThat(first.as(Types.STRING)).isEqualTo("a=3");
 * }</pre>
 *
 * @param egress the egress name
 * @param contentType the payload's content type
 * @param payload the encoded payload (a copy is returned by the accessor)
 * @param eventTime the event time of the message whose handler wrote it, epoch ms
 * @param key the key given with {@code context.egress(name, key, type, value)}; null without one
 */
public record EgressRecord(
    String egress, String contentType, byte[] payload, long eventTime, String key) {
  /** Copies the payload, so that a record stays as it was written. */
  public EgressRecord {
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(contentType, "contentType");
    payload = payload.clone();
  }

  /** A record written without a key. */
  public EgressRecord(String egress, String contentType, byte[] payload, long eventTime) {
    this(egress, contentType, payload, eventTime, null);
  }

  /** A copy of the encoded payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Decodes the payload with {@code type}. */
  public <T> T as(Type<T> type) {
    return type.decode(payload);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EgressRecord r
        && r.egress.equals(egress)
        && r.contentType.equals(contentType)
        && Arrays.equals(r.payload, payload)
        && r.eventTime == eventTime
        && Objects.equals(r.key, key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(egress, contentType, Arrays.hashCode(payload), eventTime, key);
  }

  @Override
  public String toString() {
    return "EgressRecord["
        + egress
        + ", "
        + contentType
        + ", "
        + payload.length
        + " bytes, eventTime="
        + eventTime
        + (key == null ? "" : ", key=" + key)
        + "]";
  }
}
