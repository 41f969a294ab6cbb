package io.eventide.benchmarks.http;

import java.util.Map;

/**
 * One HTTP/1.1 request to the node under test.
 *
 * @param method {@code GET} or {@code POST}
 * @param path path and query, already URL-encoded
 * @param contentType content type of {@code body}; ignored when there is no body
 * @param body request body, or an empty array for none
 * @param headers extra headers (for example {@code Idempotency-Key})
 */
public record Request(
    String method, String path, String contentType, byte[] body, Map<String, String> headers) {

  private static final byte[] NO_BODY = new byte[0];

  public static Request get(String path) {
    return new Request("GET", path, null, NO_BODY, Map.of());
  }

  public static Request post(String path, String contentType, byte[] body) {
    return new Request("POST", path, contentType, body, Map.of());
  }

  public Request withHeader(String name, String value) {
    Map<String, String> copy = new java.util.HashMap<>(headers);
    copy.put(name, value);
    return new Request(method, path, contentType, body, Map.copyOf(copy));
  }
}
