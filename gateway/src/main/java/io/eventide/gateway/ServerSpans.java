package io.eventide.gateway;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.protocol.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP server span of an ingress request ({@code POST /v1/send/{ns}/{type}/{id}} and the like),
 * from the moment its route is matched and admitted until the answer is sent. A client's W3C {@code
 * traceparent} header makes it a child of the client's span. Its context travels with the request's
 * messages to the dispatcher (docs/decisions/tracing.md).
 *
 * <p>With tracing off, {@link #wrap} returns the handler itself: the route pays nothing.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; the span is ended by Undertow's exchange-complete listener, on whichever thread ends
 * the exchange.
 */
final class ServerSpans implements HttpHandler {
  /** The W3C traceparent of the request's span, when it is traced. */
  static final AttachmentKey<String> TRACEPARENT = AttachmentKey.create(String.class);

  private static final HttpString HEADER = new HttpString("traceparent");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");

  private final String method;
  private final String route;
  private final HttpHandler next;

  private ServerSpans(String method, String route, HttpHandler next) {
    this.method = method;
    this.route = route;
    this.next = next;
  }

  /** {@code next} under a server span named {@code METHOD route} when tracing is on. */
  static HttpHandler wrap(String method, String route, HttpHandler next) {
    return Tracing.enabled() ? new ServerSpans(method, route, next) : next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Span span =
        Tracing.entry(
            method + " " + route, SpanKind.SERVER, exchange.getRequestHeaders().getFirst(HEADER));
    if (span == null) {
      next.handleRequest(exchange);
      return;
    }
    span.setAttribute(METHOD, method);
    span.setAttribute(ROUTE, route);
    span.setAttribute(PATH, exchange.getRequestPath());
    exchange.putAttachment(TRACEPARENT, Tracing.traceparent(span));
    exchange.addExchangeCompleteListener(
        (done, nextListener) -> {
          int status = done.getStatusCode();
          span.setAttribute(STATUS, (long) status);
          if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
          }
          span.end();
          nextListener.proceed();
        });
    next.handleRequest(exchange);
  }

  /** The request's traceparent, or null when it is not traced. */
  static String traceparent(HttpServerExchange exchange) {
    return exchange.getAttachment(TRACEPARENT);
  }

  /** {@code events} carrying the request's span context, or as they are when it is not traced. */
  static List<IngressMessage> traced(HttpServerExchange exchange, List<IngressMessage> events) {
    String traceparent = traceparent(exchange);
    if (traceparent == null) {
      return events;
    }
    List<IngressMessage> traced = new ArrayList<>(events.size());
    for (IngressMessage event : events) {
      traced.add(event.withTraceparent(traceparent));
    }
    return traced;
  }
}
