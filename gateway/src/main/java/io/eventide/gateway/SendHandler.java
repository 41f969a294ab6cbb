package io.eventide.gateway;

import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.SendReceipt;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/send/{ns}/{type}/{id}}: the {@link MessageRequest} chain, then 202 with the
 * message id once the message is durable.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless per request; runs on I/O threads and never blocks them.
 */
final class SendHandler implements HttpHandler {
  private final Ingress ingress;
  private final ServedTypes served;
  private final int maxBodyBytes;

  SendHandler(Ingress ingress, ServedTypes served, int maxBodyBytes) {
    this.ingress = ingress;
    this.served = served;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    MessageRequest.parse(exchange)
        .submit(exchange, served, maxBodyBytes, ingress::sendAsync, SendHandler::accepted);
  }

  private static void accepted(HttpServerExchange exchange, SendReceipt receipt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messageId", receipt.messageId());
    if (receipt.duplicate()) {
      body.put("duplicate", true);
    }
    Json.send(exchange, 202, body);
  }
}
