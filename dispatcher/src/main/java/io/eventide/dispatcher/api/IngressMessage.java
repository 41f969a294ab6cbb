package io.eventide.dispatcher.api;

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
 * @param traceparent the W3C traceparent of the span it is handled under, or null when not traced
 */
public record IngressMessage(
    String namespace,
    String type,
    String id,
    byte[] payload,
    String contentType,
    long eventTime,
    String idempotencyKey,
    String traceparent) {
  /** Marks a message whose event time is its ingestion time. */
  public static final long INGESTION_TIME = Long.MIN_VALUE;

  /** The content type of a message that names none. */
  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /** An untraced message. */
  public IngressMessage(
      String namespace,
      String type,
      String id,
      byte[] payload,
      String contentType,
      long eventTime,
      String idempotencyKey) {
    this(namespace, type, id, payload, contentType, eventTime, idempotencyKey, null);
  }

  /** This message, handled under the span {@code traceparent} names. */
  public IngressMessage withTraceparent(String traceparent) {
    return new IngressMessage(
        namespace, type, id, payload, contentType, eventTime, idempotencyKey, traceparent);
  }

  /**
   * Whether {@code other} is non-null and holds the very same namespace and type strings. The
   * NDJSON parser shares a request's equal strings, so code walking a request's events can look at
   * a run of one type once; a false answer only costs that look-up again.
   */
  public boolean sharesTypeWith(IngressMessage other) {
    return other != null && type == other.type && namespace == other.namespace;
  }

  /** The body's content type, or {@link #DEFAULT_CONTENT_TYPE} when it names none. */
  public String contentTypeOrDefault() {
    return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
  }

  /** The event time, with {@code now} standing for the ingestion time. */
  public long eventTimeOr(long now) {
    return eventTime == INGESTION_TIME ? now : eventTime;
  }
}
