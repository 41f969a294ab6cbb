package io.eventide.benchmarks.http;

import java.nio.charset.StandardCharsets;

/**
 * A complete HTTP response.
 *
 * @param status HTTP status code
 * @param body the whole response body
 */
public record Response(int status, byte[] body) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
