package io.eventide.store.remote;

import io.eventide.store.Limits;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines and the circuit breaker of the {@link RemoteStore} client. A call past its deadline
 * fails like a lost connection: {@code COMMIT_UNKNOWN} for a commit, {@code UNAVAILABLE} for
 * anything else.
 *
 * <pre>{@code
 * RemoteStoreOptions fast = RemoteStoreOptions.defaults().withCallTimeout(Duration.ofSeconds(1));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 *
 * @param callTimeout deadline of each begin, read, write-batch and release call
 * @param commitTimeout deadline of the commit call itself
 * @param openFor how long calls are refused at once ({@code UNAVAILABLE}) after the state-service
 *     failed at least half of the last 20 calls, before a few trial calls test it again
 * @param credentials how the state-service is dialled: plaintext by default, mutual TLS with {@code
 *     io.eventide.tls.InternalTls#channelCredentials}
 */
public record RemoteStoreOptions(
    Duration callTimeout,
    Duration commitTimeout,
    Duration openFor,
    ChannelCredentials credentials) {
  public RemoteStoreOptions {
    Objects.requireNonNull(credentials, "credentials");
    requirePositive("callTimeout", callTimeout);
    requirePositive("commitTimeout", commitTimeout);
    requirePositive("openFor", openFor);
  }

  /** Plaintext options. */
  public RemoteStoreOptions(Duration callTimeout, Duration commitTimeout, Duration openFor) {
    this(callTimeout, commitTimeout, openFor, InsecureChannelCredentials.create());
  }

  /** Calls may take as long as a transaction may live; a commit gets twice that. */
  public static RemoteStoreOptions defaults() {
    return new RemoteStoreOptions(
        Duration.ofMillis(Limits.MAX_TRANSACTION_MILLIS),
        Duration.ofMillis(2 * Limits.MAX_TRANSACTION_MILLIS),
        Duration.ofSeconds(2));
  }

  public RemoteStoreOptions withCallTimeout(Duration value) {
    return new RemoteStoreOptions(value, commitTimeout, openFor, credentials);
  }

  public RemoteStoreOptions withCommitTimeout(Duration value) {
    return new RemoteStoreOptions(callTimeout, value, openFor, credentials);
  }

  public RemoteStoreOptions withOpenFor(Duration value) {
    return new RemoteStoreOptions(callTimeout, commitTimeout, value, credentials);
  }

  public RemoteStoreOptions withCredentials(ChannelCredentials value) {
    return new RemoteStoreOptions(callTimeout, commitTimeout, openFor, value);
  }

  static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " " + value + " must be a positive duration");
    }
  }
}
