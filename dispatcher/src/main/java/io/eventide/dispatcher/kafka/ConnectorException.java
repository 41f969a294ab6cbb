package io.eventide.dispatcher.kafka;

/**
 * A connector configuration that cannot be taken, with the reason a client can act on: the gateway
 * answers it with the matching 4xx status.
 */
public final class ConnectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the configuration was refused. */
  public enum Code {
    /** Malformed or inconsistent (400). */
    INVALID,
    /** A named cluster, subscription or topic does not exist (404). */
    NOT_FOUND,
    /** The name is taken, or the thing is still in use (409). */
    CONFLICT,
    /** The Kafka cluster did not answer within the deadline (400: the bootstrap is wrong). */
    UNREACHABLE
  }

  private final Code code;

  public ConnectorException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
