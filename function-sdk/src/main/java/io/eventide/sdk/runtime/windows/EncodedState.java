package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Type;

/**
 * The type of {@link WindowOperator#WINDOWS}: encoded window state, passed through without the
 * defensive copies {@code Types.BYTES} makes. The operator never mutates an encoded array, and
 * getting back the very array it stored lets it skip decoding it again (see its {@code load}).
 */
final class EncodedState implements Type<byte[]> {
  static final EncodedState INSTANCE = new EncodedState();

  private EncodedState() {}

  @Override
  public String contentType() {
    return "application/octet-stream";
  }

  @Override
  public byte[] encode(byte[] value) {
    return value;
  }

  @Override
  public byte[] decode(byte[] bytes) {
    return bytes;
  }
}
