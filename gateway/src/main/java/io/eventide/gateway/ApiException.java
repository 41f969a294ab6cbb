package io.eventide.gateway;

import java.util.Map;

/**
 * A request the gateway refuses, with the HTTP status and stable code the client sees, and the
 * structured details of some codes (the NDJSON lines a batch failure concerns). Thrown by
 * validation anywhere in the gateway and rendered by {@link Errors}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, Object> details;

  ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** {@code details} are rendered beside code and message in the error object. */
  ApiException(int status, String code, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  static ApiException invalid(String message) {
    return new ApiException(400, "INVALID", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(413, "TOO_LARGE", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, Object> details() {
    return details;
  }
}
