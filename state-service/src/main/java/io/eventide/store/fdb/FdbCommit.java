package io.eventide.store.fdb;

import io.eventide.store.CommitResult;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.fdb.FdbErrors.Phase;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The commit of one {@link FdbTransaction}: fences at the read version, then FoundationDB's commit,
 * then the {@link CommitResult} from the committed version and versionstamp; failures are mapped by
 * {@link FdbErrors}, and a conflict caused by a moved fence becomes {@code FENCED}.
 *
 * <h2>Thread safety</h2>
 *
 * Runs once per transaction; its stages complete on FoundationDB's callback threads.
 */
final class FdbCommit {
  private final FdbStore store;
  private final com.apple.foundationdb.Transaction tr;
  private final CompletableFuture<Long> readVersion;
  private final Fences fences;

  FdbCommit(
      FdbStore store,
      com.apple.foundationdb.Transaction tr,
      CompletableFuture<Long> readVersion,
      Fences fences) {
    this.store = store;
    this.tr = tr;
    this.readVersion = readVersion;
    this.fences = fences;
  }

  /** Commits; {@code wrote} says whether there is anything to apply. */
  CompletableFuture<CommitResult> run(boolean wrote) {
    fences.addReadConflicts(tr);
    CompletableFuture<Void> fenced =
        fences.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : readVersion.thenCompose(
                v -> fences.checkAt(store.database(), v, store.timeoutMillis()));
    return fenced
        .thenCompose(checked -> wrote ? commitWrites() : readOnly())
        .handle(
            (result, error) ->
                error == null ? CompletableFuture.completedFuture(result) : explain(error))
        .thenCompose(outcome -> outcome);
  }

  private CompletableFuture<CommitResult> commitWrites() {
    // Asked for before the commit: FoundationDB refuses the request while a commit is outstanding.
    CompletableFuture<byte[]> stamp = store.call(tr::getVersionstamp);
    return store
        .call(tr::commit)
        .thenCompose(committed -> stamp)
        .thenApply(versionstamp -> new CommitResult(tr.getCommittedVersion(), versionstamp));
  }

  private CompletableFuture<CommitResult> readOnly() {
    // Nothing to apply, and FoundationDB gives read-only commits no version: report the read
    // version, as the embedded backend does.
    return readVersion.thenApply(
        v -> new CommitResult(v, ByteBuffer.allocate(10).putLong(v).putShort((short) 0).array()));
  }

  private CompletableFuture<CommitResult> explain(Throwable error) {
    StoreException failure = store.failure(error, Phase.COMMIT);
    if (failure.code() != Code.CONFLICT || fences.isEmpty()) {
      return CompletableFuture.failedFuture(failure);
    }
    return fences
        .holdNow(store.database(), store.timeoutMillis())
        .handle(
            (hold, recheckFailed) -> {
              if (recheckFailed == null && !hold) {
                throw new StoreException(
                    Code.FENCED, "a fence key changed after the read version", failure);
              }
              throw failure;
            });
  }
}
