package io.eventide.gateway;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A request body gathered chunk by chunk into one array, never grown past a limit. Undertow's own
 * {@code receiveFullBytes} copies a body into a synchronized {@code ByteArrayOutputStream} one byte
 * at a time, which made reading a 700 KB NDJSON batch cost as much as parsing it.
 *
 * <p>The array is presized from Content-Length only up to {@link #MAX_PRESIZE}: a declared length
 * is a claim, and trusting it would let a client that sends nothing make the gateway allocate the
 * endpoint's whole limit (64 MiB for a batch) per connection. Past that, the array grows as bytes
 * actually arrive, so it is never more than twice what the client sent.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; one thread at a time reads one exchange's body.
 */
final class BodyBuffer {
  static final int MAX_PRESIZE = 1 << 20;
  private static final int DEFAULT_CAPACITY = 8 * 1024;

  private final int maxBytes;
  private final long declaredLength;
  private byte[] bytes;
  private int size;

  /** {@code declaredLength} is Content-Length, or negative when the body is chunked. */
  BodyBuffer(long declaredLength, int maxBytes) {
    this.maxBytes = maxBytes;
    this.declaredLength = declaredLength;
    long initial = declaredLength >= 0 ? declaredLength : DEFAULT_CAPACITY;
    this.bytes = new byte[(int) Math.min(initial, Math.min(MAX_PRESIZE, maxBytes))];
  }

  /**
   * Appends what {@code chunk} holds; false, keeping nothing of it, if the body would pass the
   * limit.
   */
  boolean append(ByteBuffer chunk) {
    int length = chunk.remaining();
    if (length > maxBytes - size) {
      return false;
    }
    if (length > bytes.length - size) {
      grow((long) size + length);
    }
    chunk.get(bytes, size, length);
    size += length;
    return true;
  }

  /** Doubles (at least to {@code needed}), never past the limit nor, when declared, the length. */
  private void grow(long needed) {
    long doubled = Math.max(2L * bytes.length, needed);
    long cap = declaredLength >= needed ? Math.min(declaredLength, maxBytes) : maxBytes;
    bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, cap));
  }

  /** The body read so far, exactly {@code size} bytes (the array itself when it fits exactly). */
  byte[] bytes() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  /** Bytes read so far. */
  int size() {
    return size;
  }
}
