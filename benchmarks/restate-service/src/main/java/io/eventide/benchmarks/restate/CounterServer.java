package io.eventide.benchmarks.restate;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Serves {@link Counter} to a Restate server on 127.0.0.1. The SDK's own {@code listen} binds every
 * interface and offers no way to choose, and the benchmarks never listen beyond loopback, so the
 * Vert.x server is built here with the address set.
 *
 * <p>Usage: {@code java -jar restate-counter.jar [port]} (default 9080; 0 picks a free one). The
 * line {@code restate-counter: listening on http://127.0.0.1:PORT} says it is ready.
 */
public final class CounterServer {

  static final String HOST = "127.0.0.1";

  private CounterServer() {}

  /** Starts serving on {@code port} (0: any free one) and returns once the socket is bound. */
  static HttpServer start(Vertx vertx, int port) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(HOST)
            .setPort(port)
            // Restate multiplexes every invocation of a deployment over few HTTP/2 connections;
            // Vert.x's default of 100 streams per connection would cap the calls in flight.
            .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(Integer.MAX_VALUE));
    HttpServer server =
        RestateHttpServer.fromEndpoint(vertx, Endpoint.bind(new Counter()).build(), options);
    return server.listen().toCompletionStage().toCompletableFuture().join();
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9080;
    HttpServer server = start(Vertx.vertx(), port);
    System.out.println("restate-counter: listening on http://" + HOST + ":" + server.actualPort());
  }
}
