package io.eventide.store.remote;

import io.eventide.store.Limits;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tuning of a {@link RemoteStoreServer}.
 *
 * <pre>{@code
 * RemoteStoreServerOptions small = RemoteStoreServerOptions.defaults().withMaxSessions(64);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 *
 * @param sessionTimeout how long after its begin the server keeps a transaction a client has
 *     neither committed nor released; past the SPI's age limit it could not commit anyway, and
 *     until then it pins a snapshot of the store
 * @param maxSessions transactions open at once; a begin beyond it fails fast with {@code
 *     UNAVAILABLE} (retryable)
 * @param handlerThreads threads that run calls against the served store (reads block them)
 * @param shutdownGrace how long {@link RemoteStoreServer#close} lets calls in flight finish before
 *     cancelling them
 * @param credentials how the port is secured: plaintext by default, mutual TLS with {@code
 *     io.eventide.tls.InternalTls#serverCredentials}
 * @param interceptors what else sees every call, such as a process's metrics; none by default
 */
public record RemoteStoreServerOptions(
    Duration sessionTimeout,
    int maxSessions,
    int handlerThreads,
    Duration shutdownGrace,
    ServerCredentials credentials,
    List<ServerInterceptor> interceptors) {
  public RemoteStoreServerOptions {
    Objects.requireNonNull(credentials, "credentials");
    interceptors = List.copyOf(interceptors);
    RemoteStoreOptions.requirePositive("sessionTimeout", sessionTimeout);
    RemoteStoreOptions.requirePositive("shutdownGrace", shutdownGrace);
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions " + maxSessions + " must be ≥ 1");
    }
    if (handlerThreads < 1) {
      throw new IllegalArgumentException("handlerThreads " + handlerThreads + " must be ≥ 1");
    }
  }

  /** Plaintext options. */
  public RemoteStoreServerOptions(
      Duration sessionTimeout, int maxSessions, int handlerThreads, Duration shutdownGrace) {
    this(
        sessionTimeout,
        maxSessions,
        handlerThreads,
        shutdownGrace,
        InsecureServerCredentials.create(),
        List.of());
  }

  /** Sessions live one second beyond the transaction age limit. */
  public static RemoteStoreServerOptions defaults() {
    return new RemoteStoreServerOptions(
        Duration.ofMillis(Limits.MAX_TRANSACTION_MILLIS + 1_000), 4_096, 16, Duration.ofSeconds(5));
  }

  public RemoteStoreServerOptions withSessionTimeout(Duration value) {
    return new RemoteStoreServerOptions(
        value, maxSessions, handlerThreads, shutdownGrace, credentials, interceptors);
  }

  public RemoteStoreServerOptions withMaxSessions(int value) {
    return new RemoteStoreServerOptions(
        sessionTimeout, value, handlerThreads, shutdownGrace, credentials, interceptors);
  }

  public RemoteStoreServerOptions withShutdownGrace(Duration value) {
    return new RemoteStoreServerOptions(
        sessionTimeout, maxSessions, handlerThreads, value, credentials, interceptors);
  }

  public RemoteStoreServerOptions withCredentials(ServerCredentials value) {
    return new RemoteStoreServerOptions(
        sessionTimeout, maxSessions, handlerThreads, shutdownGrace, value, interceptors);
  }

  /** These options with {@code value} seeing every call too. */
  public RemoteStoreServerOptions withInterceptor(ServerInterceptor value) {
    List<ServerInterceptor> more = new ArrayList<>(interceptors);
    more.add(Objects.requireNonNull(value, "interceptor"));
    return new RemoteStoreServerOptions(
        sessionTimeout, maxSessions, handlerThreads, shutdownGrace, credentials, more);
  }
}
