package io.eventide.store.fdb;

import io.eventide.store.CommitResult;
import io.eventide.store.ForwardingTransaction;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real store whose next commits end in {@code COMMIT_UNKNOWN}, the way FoundationDB's {@code
 * commit_unknown_result} can: after being applied, without being applied, or while still in flight
 * (held, to be sent later by the test).
 */
final class UnknownOutcomeStore implements Store {
  /** How one commit's outcome goes unknown. */
  enum Fault {
    APPLIED,
    LOST,
    HELD
  }

  private final Store delegate;
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final Queue<Transaction> held = new ConcurrentLinkedQueue<>();

  UnknownOutcomeStore(Store delegate) {
    this.delegate = delegate;
  }

  /** The next commits, in order, suffer these faults; later ones go through. */
  void failNext(Fault... next) {
    faults.addAll(List.of(next));
  }

  /** Sends the oldest held commit now. */
  CompletableFuture<CommitResult> sendHeld() {
    Transaction tx = held.remove();
    return tx.commitAsync().whenComplete((r, e) -> tx.close());
  }

  @Override
  public Transaction begin() {
    return new FaultyTransaction(delegate.begin());
  }

  @Override
  public String backend() {
    return "unknown-outcome-" + delegate.backend();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class FaultyTransaction extends ForwardingTransaction {
    private boolean isHeld;

    FaultyTransaction(Transaction tx) {
      super(tx);
    }

    @Override
    public CompletableFuture<CommitResult> commitAsync() {
      Fault fault = faults.poll();
      if (fault == null) {
        return delegate.commitAsync();
      }
      StoreException unknown = new StoreException(Code.COMMIT_UNKNOWN, "injected: " + fault);
      return switch (fault) {
        case APPLIED ->
            delegate.commitAsync().thenCompose(r -> CompletableFuture.failedFuture(unknown));
        case LOST -> CompletableFuture.failedFuture(unknown);
        case HELD -> {
          isHeld = true;
          held.add(delegate);
          yield CompletableFuture.failedFuture(unknown);
        }
      };
    }

    @Override
    public void close() {
      if (!isHeld) { // a held commit is still to be sent
        delegate.close();
      }
    }
  }
}
