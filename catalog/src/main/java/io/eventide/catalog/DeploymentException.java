package io.eventide.catalog;

/**
 * A deployment refused or not found; {@link #code()} maps to an HTTP status at the gateway.
 *
 * <pre>{@code
 * throw new DeploymentException(Code.NOT_FOUND, "no deployment " + id);
 * }</pre>
 */
public final class DeploymentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Code {
    /** Not a jar, no FunctionModule, missing classes, or a module that fails (400). */
    INVALID_JAR,
    /** Over the jar size limit (413). */
    TOO_LARGE,
    /** No such deployment (404). */
    NOT_FOUND,
    /** A function type already served by another deployment (409). */
    CONFLICT,
    /** No worker could check the jar: none is live, or none answered in time (503). */
    UNAVAILABLE
  }

  private final Code code;

  public DeploymentException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public DeploymentException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
