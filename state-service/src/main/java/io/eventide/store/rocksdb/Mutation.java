package io.eventide.store.rocksdb;

/** One buffered write of a transaction, applied in program order at commit. */
sealed interface Mutation {
  record Set(byte[] key, byte[] value) implements Mutation {}

  record Clear(byte[] key) implements Mutation {}

  record ClearRange(byte[] begin, byte[] end) implements Mutation {}

  record Add(byte[] key, long delta) implements Mutation {}

  /**
   * Key completed at commit: {@code prefix + 0x33 + versionstamp(10) + userVersion(2) + suffix}.
   */
  record VersionstampedSet(byte[] prefix, int userVersion, byte[] suffix, byte[] value)
      implements Mutation {}
}
