package io.eventide.store.remote;

import io.eventide.store.Store;
import io.eventide.store.Transaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * A real store whose transactions hold one method ({@code commitAsync} or a read) until {@link
 * #open()}: the server side of a call that outlives its deadline, or of a commit caught by a
 * shutdown. Everything else, and the held call once released, is the real store's.
 */
final class GatedStore implements Store {
  private final Store delegate;
  private final String heldMethod;
  private final CompletableFuture<Void> gate = new CompletableFuture<>();
  private final CompletableFuture<Void> reached = new CompletableFuture<>();

  GatedStore(Store delegate, String heldMethod) {
    this.delegate = delegate;
    this.heldMethod = heldMethod;
  }

  /** Completes when a call first reaches the gate. */
  CompletableFuture<Void> reached() {
    return reached;
  }

  /** Lets every held call, and every later one, through. */
  void open() {
    gate.complete(null);
  }

  @Override
  public Transaction begin() {
    Transaction tx = delegate.begin();
    return (Transaction)
        Proxy.newProxyInstance(
            Transaction.class.getClassLoader(),
            new Class<?>[] {Transaction.class},
            (proxy, method, args) -> {
              if (method.getName().equals(heldMethod)) {
                reached.complete(null);
                if (method.getName().equals("commitAsync")) {
                  return gate.thenCompose(ignored -> tx.commitAsync());
                }
                gate.join();
              }
              try {
                return method.invoke(tx, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public String backend() {
    return delegate.backend();
  }

  @Override
  public void close() {
    open();
    delegate.close();
  }
}
