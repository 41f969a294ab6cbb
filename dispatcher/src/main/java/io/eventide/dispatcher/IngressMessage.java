package io.eventide.dispatcher;

/**
 * A message entering through the gateway.
 *
 * @param namespace target namespace
 * @param type target function type name
 * @param id target instance id
 * @param payload the body
 * @param contentType the body's content type
 * @param eventTime epoch ms, or {@link #INGESTION_TIME} to stamp it on arrival
 * @param idempotencyKey the client's key, or null; the same key is applied once
 */
public record IngressMessage(
    String namespace,
    String type,
    String id,
    byte[] payload,
    String contentType,
    long eventTime,
    String idempotencyKey) {
  /** Marks a message whose event time is its ingestion time. */
  public static final long INGESTION_TIME = Long.MIN_VALUE;

  /** The event time, with {@code now} standing for the ingestion time. */
  public long eventTimeOr(long now) {
    return eventTime == INGESTION_TIME ? now : eventTime;
  }
}
