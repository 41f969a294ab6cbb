/**
 * The {@code remote} store backend: a state-service process serves any {@link
 * io.eventide.store.Store} over gRPC ({@link io.eventide.store.remote.RemoteStoreServer}), and
 * other processes use it through {@link io.eventide.store.remote.RemoteStore}, for clusters that
 * run without FoundationDB.
 *
 * <p>The server holds one real transaction of the served store per client transaction (a session);
 * the client buffers writes and sends them, in call order, ahead of its next read or its commit.
 * Conflicts, read-your-writes and limits are therefore exactly the served backend's. A store error
 * travels as its code and message; a transport failure becomes {@code COMMIT_UNKNOWN} during a
 * commit and {@code UNAVAILABLE} otherwise.
 */
package io.eventide.store.remote;
