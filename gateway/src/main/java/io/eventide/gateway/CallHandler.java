package io.eventide.gateway;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.Deadlines;
import io.eventide.dispatcher.api.Ingress;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * {@code POST /v1/call/{ns}/{type}/{id}?timeout=5s}: the {@link MessageRequest} chain (with the
 * timeout checked before the body is read), then the handler's reply (200, its body and content
 * type; an empty 200 when the handler did not reply), or 504 when none comes in time.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless per request; runs on I/O threads and never blocks them.
 */
final class CallHandler implements HttpHandler {
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** Extra time given to the dispatcher to report its own timeout before the gateway gives up. */
  private static final long GRACE_MILLIS = 1000;

  private final Ingress ingress;
  private final ServedTypes served;
  private final int maxBodyBytes;
  private final Duration defaultTimeout;

  CallHandler(Ingress ingress, ServedTypes served, int maxBodyBytes, Duration defaultTimeout) {
    this.ingress = ingress;
    this.served = served;
    this.maxBodyBytes = maxBodyBytes;
    this.defaultTimeout = defaultTimeout;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    MessageRequest request = MessageRequest.parse(exchange);
    Duration timeout = timeout(exchange);
    request.submit(
        exchange,
        served,
        maxBodyBytes,
        message ->
            Deadlines.orTimeout(
                ingress.callAsync(message, timeout).copy(), timeout.plusMillis(GRACE_MILLIS)),
        CallHandler::reply);
  }

  private Duration timeout(HttpServerExchange exchange) {
    String text = Query.first(exchange, "timeout");
    if (text == null) {
      return defaultTimeout;
    }
    Duration timeout;
    try {
      timeout = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("?timeout: " + e.getMessage());
    }
    if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw ApiException.invalid("?timeout must be between 1ms and 1h, was '" + text + "'");
    }
    return timeout;
  }

  private static void reply(HttpServerExchange exchange, CallReply reply) {
    exchange.setStatusCode(200);
    byte[] payload = reply.payload() == null ? new byte[0] : reply.payload();
    if (reply.contentType() != null) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(payload));
  }
}
