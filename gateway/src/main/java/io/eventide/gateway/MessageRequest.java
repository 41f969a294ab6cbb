package io.eventide.gateway;

import io.eventide.dispatcher.api.IngressMessage;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@code POST /v1/send} or {@code /v1/call} request, and the chain both run up to what each does
 * with its message. {@link #parse} checks the path's address and the message headers (400) before
 * any body byte is read; {@link #submit} reads the body without blocking under the payload limit
 * (413, 408), makes sure a deployment serves the target type (404), hands the message to the
 * ingress, and answers with the ending's step once the ingress is done. Every failure on the way is
 * answered by {@link Errors}.
 *
 * <h2>Thread safety</h2>
 *
 * An immutable value; {@link #submit} runs on the exchange's I/O thread and never blocks it (a type
 * the cache does not know is looked up on a worker thread).
 *
 * @param idempotencyKey the {@code Idempotency-Key}, null when absent
 * @param eventTime epoch ms from {@code X-Event-Time}, or {@link IngressMessage#INGESTION_TIME}
 * @param traceparent the request's span context ({@link ServerSpans}), null when not traced
 */
record MessageRequest(
    String namespace,
    String type,
    String id,
    String contentType,
    long eventTime,
    String idempotencyKey,
    String traceparent) {

  /** The request's address and message headers, checked. */
  static MessageRequest parse(HttpServerExchange exchange) {
    String[] p = exchange.getAttachment(Routes.PARAMS);
    Targets.address(p[0], p[1], p[2]);
    return new MessageRequest(
        p[0],
        p[1],
        p[2],
        MessageHeaders.contentType(exchange),
        MessageHeaders.eventTime(exchange),
        MessageHeaders.idempotencyKey(exchange),
        ServerSpans.traceparent(exchange));
  }

  /**
   * Reads the body (at most {@code maxBodyBytes}), checks the target type is served, passes the
   * message to {@code ingest}, and answers with {@code answer} once its future completes.
   */
  <T> void submit(
      HttpServerExchange exchange,
      ServedTypes served,
      int maxBodyBytes,
      Function<IngressMessage, CompletableFuture<T>> ingest,
      Exchanges.Step<T> answer) {
    Exchanges.receive(
        exchange,
        maxBodyBytes,
        (ex, body) ->
            Targets.whenServed(
                ex,
                served,
                typeName(),
                ready -> Exchanges.whenDone(ready, ingest.apply(withBody(body)), answer)));
  }

  IngressMessage withBody(byte[] body) {
    return new IngressMessage(
        namespace, type, id, body, contentType, eventTime, idempotencyKey, traceparent);
  }

  String typeName() {
    return namespace + "/" + type;
  }
}
