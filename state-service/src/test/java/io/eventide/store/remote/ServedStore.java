package io.eventide.store.remote;

import io.eventide.store.Store;
import io.eventide.store.Transaction;

/**
 * A remote store the way a cluster runs it, inside one test: an embedded store, a real server on a
 * free loopback port, and a client. Closing it closes all three, the client first.
 */
final class ServedStore implements Store {
  private final Store embedded;
  private final RemoteStoreServer server;
  private final RemoteStore client;

  private ServedStore(Store embedded, RemoteStoreServer server, RemoteStore client) {
    this.embedded = embedded;
    this.server = server;
    this.client = client;
  }

  static ServedStore serve(Store embedded) {
    return serve(embedded, RemoteStoreServerOptions.defaults(), RemoteStoreOptions.defaults());
  }

  static ServedStore serve(
      Store embedded, RemoteStoreServerOptions serverOptions, RemoteStoreOptions clientOptions) {
    RemoteStoreServer server;
    try {
      server = RemoteStoreServer.start(embedded, "127.0.0.1", 0, serverOptions);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
    return new ServedStore(
        embedded, server, RemoteStore.connect("127.0.0.1", server.port(), clientOptions));
  }

  Store embedded() {
    return embedded;
  }

  RemoteStoreServer server() {
    return server;
  }

  RemoteStore client() {
    return client;
  }

  @Override
  public Transaction begin() {
    return client.begin();
  }

  @Override
  public String backend() {
    return client.backend();
  }

  @Override
  public void close() {
    try (embedded;
        server;
        client) {
      // try-with-resources closes them in reverse order, each even if another fails
    }
  }
}
