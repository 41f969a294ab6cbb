package io.eventide.deploy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1: takes {@code POST /v1/traces} in protobuf, decodes it
 * with the OpenTelemetry protocol's own classes and keeps every span with its service's name.
 */
final class OtlpReceiver implements AutoCloseable {
  /** A received span and the {@code service.name} of the process that sent it. */
  record Received(String service, Span span) {
    String name() {
      return span.getName();
    }
  }

  private final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
  private final Undertow server;

  OtlpReceiver() {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange -> {
                  if (!exchange.getRequestPath().equals("/v1/traces")) {
                    refused.add(exchange.getRequestPath());
                    exchange.setStatusCode(404);
                    exchange.endExchange();
                    return;
                  }
                  exchange
                      .getRequestReceiver()
                      .receiveFullBytes(
                          (done, body) -> {
                            try {
                              take(ExportTraceServiceRequest.parseFrom(body));
                            } catch (java.io.IOException e) {
                              refused.add(e.toString());
                              done.setStatusCode(400);
                              done.endExchange();
                              return;
                            }
                            done.getResponseHeaders()
                                .put(Headers.CONTENT_TYPE, "application/x-protobuf");
                            done.getResponseSender()
                                .send(
                                    ByteBuffer.wrap(
                                        ExportTraceServiceResponse.getDefaultInstance()
                                            .toByteArray()));
                          });
                })
            .build();
    server.start();
  }

  private void take(ExportTraceServiceRequest request) {
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service = service(resource.getResource());
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(new Received(service, span));
        }
      }
    }
  }

  private static String service(Resource resource) {
    return resource.getAttributesList().stream()
        .filter(a -> a.getKey().equals("service.name"))
        .map(a -> a.getValue().getStringValue())
        .findFirst()
        .orElse("");
  }

  /** Where a node exports to: {@code http://127.0.0.1:PORT}. */
  String endpoint() {
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    return "http://127.0.0.1:" + address.getPort();
  }

  /** Every span received so far. */
  List<Received> spans() {
    return new ArrayList<>(spans);
  }

  /** Requests it could not take: a wrong path or a body that is not OTLP protobuf. */
  List<String> refused() {
    return new ArrayList<>(refused);
  }

  @Override
  public void close() {
    server.stop();
  }
}
