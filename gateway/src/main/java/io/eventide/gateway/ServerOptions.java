package io.eventide.gateway;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import org.xnio.Option;
import org.xnio.Options;

/**
 * The Undertow and XNIO options of the gateway's listener, each set explicitly: what one client can
 * make the server hold (header bytes, connections, time) is bounded by them and by {@link
 * BodyReader}, not by library defaults that may change between versions.
 *
 * <p>A request whose head breaks a bound here is refused by Undertow's parser itself, before any
 * handler sees it: a bare {@code 400} without a body, and the connection closed. Timeouts close the
 * connection without an answer, since no request is in progress then.
 *
 * <p>XNIO's {@code READ_TIMEOUT} is left unset on purpose: it also runs while a keep-alive
 * connection waits for its next request, so it would close idle connections after the read timeout
 * instead of the idle timeout, and it closes a stalled body's connection without an answer. {@link
 * BodyReader} bounds body stalls instead, answering 408. Undertow's {@code IDLE_TIMEOUT} is left
 * unset too: {@code NO_REQUEST_TIMEOUT} is the idle bound, and {@code IDLE_TIMEOUT} would also cut
 * the write timeout down to it.
 */
final class ServerOptions {
  /** Header fields in one request; Apache httpd's default. */
  static final int MAX_HEADERS = 100;

  /**
   * Bytes of a request's head (request line and every header). The longest valid URL is a few KiB
   * (an id is at most 256 bytes, three times that percent-encoded); this leaves room for tokens,
   * cookies and proxies' headers, well below Undertow's default of 1 MiB a connection.
   */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** Query parameters in one URL; no endpoint reads more than two. */
  static final int MAX_QUERY_PARAMETERS = 64;

  /**
   * Bytes of a body no handler reads (an endpoint that takes none, a request refused first) or past
   * an endpoint's limit that are still drained, so that a client still sending reads its answer
   * rather than a reset; past them the connection is closed. Undertow counts a chunked body's
   * trailers in this as well, which it would otherwise gather in memory up to the largest body
   * limit. {@link BodyReader} raises it by an endpoint's own limit.
   */
  static final int UNREAD_BODY_BYTES = 1 << 20;

  /**
   * Requests in progress at once on one HTTP/2 connection (HTTPS only): without a bound, one
   * connection could hold any number, past the connection limit's intent. 100 is what RFC 9113
   * recommends as the least and what most servers offer.
   */
  static final int MAX_HTTP2_STREAMS = 100;

  /** How long a request body may stall, in ms; read by {@link BodyReader} from the connection. */
  static final Option<Integer> BODY_STALL_MILLIS =
      Option.simple(ServerOptions.class, "BODY_STALL_MILLIS", Integer.class);

  private ServerOptions() {}

  /** Sets every bound of {@code config} on {@code builder}. */
  static Undertow.Builder apply(Undertow.Builder builder, GatewayConfig config) {
    GatewayConfig.Connections connections = config.connections();
    int readMillis = (int) connections.readTimeout().toMillis();
    return builder
        // Paths stay encoded so %2F inside an id is not a separator; PathCodec decodes strictly.
        .setServerOption(UndertowOptions.DECODE_URL, false)
        .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, false)
        .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) UNREAD_BODY_BYTES)
        .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADERS)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
        .setServerOption(UndertowOptions.MAX_PARAMETERS, MAX_QUERY_PARAMETERS)
        // HTTP/2's own bounds (HTTPS only): requests at once on one connection, no pushes. Its
        // heads are bounded by Undertow's HTTP/2 parser, below MAX_HEADER_BYTES (HttpsIT).
        .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_HTTP2_STREAMS)
        .setServerOption(UndertowOptions.HTTP2_SETTINGS_ENABLE_PUSH, false)
        // Slow heads (slowloris): the whole head must arrive within the read timeout.
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, readMillis)
        // Idle keep-alive connections and connections that never send a byte.
        .setServerOption(
            UndertowOptions.NO_REQUEST_TIMEOUT, (int) connections.idleTimeout().toMillis())
        .setServerOption(BODY_STALL_MILLIS, readMillis)
        // A client that stops taking its response: armed only while a write waits.
        .setSocketOption(Options.WRITE_TIMEOUT, readMillis)
        // Past the high-water mark the listener stops accepting until the count falls to the low.
        .setSocketOption(Options.CONNECTION_HIGH_WATER, connections.maxConnections())
        .setSocketOption(Options.CONNECTION_LOW_WATER, connections.maxConnections());
  }
}
