package io.eventide.gateway;

import java.util.Arrays;

/**
 * A request body gathered chunk by chunk into one array, presized from Content-Length and never
 * grown past a limit. Undertow's own {@code receiveFullBytes} copies a body into a synchronized
 * {@code ByteArrayOutputStream} one byte at a time, which made reading a 700 KB NDJSON batch cost
 * as much as parsing it.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; one thread reads one exchange's body.
 */
final class BodyBuffer {
  private static final int DEFAULT_CAPACITY = 8 * 1024;

  private final int maxBytes;
  private byte[] bytes;
  private int size;

  /** {@code declaredLength} is Content-Length, or negative when the body is chunked. */
  BodyBuffer(long declaredLength, int maxBytes) {
    this.maxBytes = maxBytes;
    int initial = declaredLength >= 0 ? (int) Math.min(declaredLength, maxBytes) : DEFAULT_CAPACITY;
    this.bytes = new byte[Math.min(initial, maxBytes)];
  }

  /**
   * Appends the first {@code length} bytes of {@code chunk}; false, keeping nothing of them, if the
   * body would pass the limit.
   */
  boolean append(byte[] chunk, int length) {
    if (length > maxBytes - size) {
      return false;
    }
    if (length > bytes.length - size) {
      long doubled = Math.max(2L * bytes.length, (long) size + length);
      bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, maxBytes));
    }
    System.arraycopy(chunk, 0, bytes, size, length);
    size += length;
    return true;
  }

  /** The body read so far, exactly {@code size} bytes (the array itself when it fits exactly). */
  byte[] bytes() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }
}
