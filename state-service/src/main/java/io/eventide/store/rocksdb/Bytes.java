package io.eventide.store.rocksdb;

/** Small byte helpers of the embedded backend. */
final class Bytes {
  private Bytes() {}

  /**
   * FoundationDB's ADD: {@code current} read as a little-endian integer (absent or short values are
   * zero-padded, longer ones truncated to 8 bytes), plus {@code delta}, as 8 bytes.
   */
  static byte[] addLittleEndian(byte[] current, long delta) {
    long value = current == null ? 0 : readLittleEndian(current);
    return writeLittleEndian(value + delta);
  }

  static long readLittleEndian(byte[] bytes) {
    long value = 0;
    for (int i = Math.min(8, bytes.length) - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xffL);
    }
    return value;
  }

  static byte[] writeLittleEndian(long value) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }

  static byte[] writeBigEndian(long value) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (8 * (7 - i)));
    }
    return out;
  }

  static long readBigEndian(byte[] bytes) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[i] & 0xffL);
    }
    return value;
  }
}
