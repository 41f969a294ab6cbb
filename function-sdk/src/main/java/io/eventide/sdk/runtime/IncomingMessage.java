package io.eventide.sdk.runtime;

import io.eventide.sdk.Message;
import io.eventide.sdk.Type;

/** The platform's {@link Message}: a payload with its content type and event time. */
public record IncomingMessage(byte[] payload, String contentType, long eventTime)
    implements Message {
  @Override
  public <T> T as(Type<T> type) {
    return type.decode(payload);
  }
}
