package io.eventide.store.rocksdb;

import io.eventide.store.CommitResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A transaction handed to the committer: everything resolution and application need. */
record PendingCommit(
    long readVersion,
    List<Mutation> mutations,
    List<byte[]> readRanges,
    List<Fence> fences,
    long bytes,
    CompletableFuture<CommitResult> future) {

  /** {@code requireValue(key, expected)}; {@code expected == null} means absent. */
  record Fence(byte[] key, byte[] expected) {}
}
