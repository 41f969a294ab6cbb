package io.eventide.benchmarks.http;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.xnio.IoUtils;

/**
 * One keep-alive HTTP/1.1 connection that runs one exchange at a time (no pipelining), so that its
 * owner knows exactly when it is free again. It (re)connects lazily: a connection the server closed
 * is replaced on its next use.
 *
 * <h2>Thread safety</h2>
 *
 * Used by one exchange at a time, handed over through {@link HttpPool}'s concurrent queues, which
 * publish its fields safely; the exchange itself runs on the connection's XNIO I/O thread.
 */
final class PooledConnection {

  private final HttpPool pool;
  private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
  private ClientConnection connection;

  PooledConnection(HttpPool pool) {
    this.pool = pool;
  }

  /** Runs {@code pending}, then gives this connection back to the pool. */
  void execute(HttpPool.Pending pending) {
    if (connection != null && connection.isOpen()) {
      connection.getIoThread().execute(() -> send(pending));
      return;
    }
    IoUtils.safeClose(connection);
    connection = null;
    UndertowClient.getInstance()
        .connect(
            new ClientCallback<ClientConnection>() {
              @Override
              public void completed(ClientConnection result) {
                connection = result;
                send(pending);
              }

              @Override
              public void failed(IOException e) {
                finish(pending, null, e);
              }
            },
            pool.uri(),
            pool.worker(),
            pool.ssl(),
            pool.bufferPool(),
            pool.options());
  }

  void close() {
    IoUtils.safeClose(connection);
  }

  private void send(HttpPool.Pending pending) {
    Request request = pending.request();
    ClientRequest clientRequest =
        new ClientRequest()
            .setMethod(HttpString.tryFromString(request.method()))
            .setPath(request.path());
    HeaderMap headers = clientRequest.getRequestHeaders();
    headers.put(Headers.HOST, pool.hostHeader());
    if (request.method().equals("POST") || request.body().length > 0) {
      headers.put(Headers.CONTENT_LENGTH, request.body().length);
    }
    if (request.body().length > 0 && request.contentType() != null) {
      headers.put(Headers.CONTENT_TYPE, request.contentType());
    }
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      headers.put(HttpString.tryFromString(header.getKey()), header.getValue());
    }
    try {
      connection.sendRequest(clientRequest, new Exchange(pending));
    } catch (RuntimeException e) {
      finish(pending, null, new IOException("send failed", e));
    }
  }

  private void finish(HttpPool.Pending pending, Response response, IOException error) {
    if (error != null) {
      // The connection is in an unknown state after a failure: never reuse it.
      IoUtils.safeClose(connection);
      connection = null;
    }
    CompletableFuture<Response> future = pending.future();
    pool.release(this);
    if (error != null) {
      future.completeExceptionally(error);
    } else {
      future.complete(response);
    }
  }

  /** Callbacks of one exchange: write the body, then read the whole response. */
  private final class Exchange implements ClientCallback<ClientExchange> {
    private final HttpPool.Pending pending;

    Exchange(HttpPool.Pending pending) {
      this.pending = pending;
    }

    @Override
    public void completed(ClientExchange exchange) {
      exchange.setResponseListener(
          new ClientCallback<ClientExchange>() {
            @Override
            public void completed(ClientExchange result) {
              int status = result.getResponse().getResponseCode();
              BodyReader.read(
                  result.getResponseChannel(),
                  scratch,
                  body -> finish(pending, new Response(status, body), null),
                  e -> finish(pending, null, e));
            }

            @Override
            public void failed(IOException e) {
              finish(pending, null, e);
            }
          });
      byte[] body = pending.request().body();
      if (body.length > 0) {
        // Errors here also fail the response listener, which finishes the exchange once.
        BodyWriter.write(exchange.getRequestChannel(), body, e -> IoUtils.safeClose(connection));
      }
    }

    @Override
    public void failed(IOException e) {
      finish(pending, null, e);
    }
  }
}
