package io.eventide.store;

/**
 * A {@link Store} that hands every call to another one, each kind of begin to its own kind: tests
 * override the one they watch or change, over a real store.
 */
public abstract class ForwardingStore implements Store {
  protected final Store delegate;

  protected ForwardingStore(Store delegate) {
    this.delegate = delegate;
  }

  @Override
  public Transaction begin() {
    return delegate.begin();
  }

  @Override
  public Transaction beginWrites() {
    return delegate.beginWrites();
  }

  @Override
  public Transaction beginLazily() {
    return delegate.beginLazily();
  }

  @Override
  public String backend() {
    return delegate.backend();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
