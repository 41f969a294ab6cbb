package io.eventide.benchmarks;

import io.eventide.benchmarks.http.Request;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongFunction;
import picocli.CommandLine.Option;

/**
 * What a call scenario posts, shared by the open and the closed loop. The defaults are Eventide's;
 * other paths let the same client, with the same costs, measure another system that serves the same
 * counter (benchmarks/restate.sh).
 */
final class CallTarget {

  private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

  @Option(
      names = "--path-template",
      description =
          "request path; {key} becomes the URL-encoded key id (default /v1/call/<function>/{key})")
  String pathTemplate;

  @Option(
      names = "--content-type",
      defaultValue = "application/json",
      description = "content type of the body 1 (default ${DEFAULT-VALUE})")
  String contentType;

  @Option(names = "--token", description = "bearer token sent with every request (default: none)")
  String token;

  /** Request {@code i} goes to key {@code i % keys.count()}, with the body {@code 1}. */
  LongFunction<Request> requests(Keys keys) {
    return requests(keys, token);
  }

  /** As {@link #requests(Keys)}, authorised with {@code bearer} (null: no token). */
  LongFunction<Request> requests(Keys keys, String bearer) {
    PathTemplate template =
        PathTemplate.parse(
            pathTemplate != null
                ? pathTemplate
                : "/v1/call/" + keys.function() + "/" + PathTemplate.PLACEHOLDER);
    Map<String, String> headers =
        bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer);
    return i ->
        new Request("POST", template.path(keys.encodedIdOfMessage(i)), contentType, ONE, headers);
  }
}
