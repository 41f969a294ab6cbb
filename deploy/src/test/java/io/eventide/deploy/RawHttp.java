package io.eventide.deploy;

import io.eventide.deploy.client.HttpAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand over a socket to 127.0.0.1, for what the JDK client refuses to send or
 * cannot do: bytes that are not ASCII in headers, floods, bodies cut short, stalls. Requests are
 * written as ISO-8859-1 strings, so {@code "\u00ff"} is the byte 0xFF.
 */
final class RawHttp {
  private RawHttp() {}

  /** A connected socket whose reads fail after {@code timeout}. */
  static Socket connect(int port, Duration timeout) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) timeout.toMillis());
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code request} on a new connection and reads the one answer, within {@code timeout}. */
  static HttpAnswer exchange(int port, String request, Duration timeout) {
    try (Socket socket = connect(port, timeout)) {
      write(socket, request);
      return read(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} as ISO-8859-1 bytes. */
  static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads one answer: status line, headers, and a body of Content-Length bytes (or to the end). */
  static HttpAnswer read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    String head = head(in);
    if (head.isEmpty()) {
      throw new IOException("connection closed without an answer");
    }
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String contentType = "";
    long length = -1;
    for (int i = 1; i < lines.length; i++) {
      String[] field = lines[i].split(":", 2);
      String name = field[0].trim().toLowerCase(Locale.ROOT);
      if (name.equals("content-type")) {
        contentType = field[1].trim();
      } else if (name.equals("content-length")) {
        length = Long.parseLong(field[1].trim());
      }
    }
    byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
    return new HttpAnswer(status, contentType, body);
  }

  /**
   * Waits, reading and dropping whatever comes, until the server closes {@code socket}; returns how
   * long that took. Fails when the socket's read timeout passes first.
   */
  static Duration awaitClosed(Socket socket) {
    long start = System.nanoTime();
    try {
      InputStream in = socket.getInputStream();
      // In chunks: what the server had sent before it gave up (megabytes in its send buffer) read
      // a byte per system call took seconds by itself, and was timed as if the server were slow.
      byte[] chunk = new byte[64 * 1024];
      while (in.read(chunk) >= 0) {
        // an answer before the close is not what this waits for
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open", e);
    } catch (IOException closedByReset) {
      // a reset closes the connection as well as a FIN does
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
