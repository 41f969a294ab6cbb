package io.eventide.gateway;

/**
 * A request the gateway refuses, with the HTTP status and stable code the client sees. Thrown by
 * validation anywhere in the gateway and rendered by {@link Errors}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
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
}
