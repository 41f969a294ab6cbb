package io.eventide.dispatcher.internal.egress;

/**
 * One outbox record of an egress. recordId is stable across retries and restarts. key: the key
 * given with context.egress(name, key, type, value), or null (then the sending address's id is
 * used).
 *
 * @param offset the outbox offset, as {@code GET /v1/egress} numbers records
 * @param senderId the id of the address whose handler wrote the record; null for records written
 *     before senders were recorded
 * @param eventTime epoch ms
 */
public record OutboxRecord(
    long offset,
    String recordId,
    String key,
    String senderId,
    String contentType,
    byte[] payload,
    long eventTime) {
  /**
   * The key a keyed sink uses: the given key, else the sender's id (null when neither is known).
   */
  public String effectiveKey() {
    return key != null ? key : senderId;
  }
}
