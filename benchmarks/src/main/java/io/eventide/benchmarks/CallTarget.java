package io.eventide.benchmarks;

import io.eventide.benchmarks.http.Request;
import java.nio.charset.StandardCharsets;
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

  /** Request {@code i} goes to key {@code i % keys.count()}, with the body {@code 1}. */
  LongFunction<Request> requests(Keys keys) {
    PathTemplate template =
        PathTemplate.parse(
            pathTemplate != null
                ? pathTemplate
                : "/v1/call/" + keys.function() + "/" + PathTemplate.PLACEHOLDER);
    return i -> Request.post(template.path(keys.encodedIdOfMessage(i)), contentType, ONE);
  }
}
