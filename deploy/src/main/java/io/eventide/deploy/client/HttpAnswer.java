package io.eventide.deploy.client;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP answer of a node.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header, or "" when absent
 * @param body the body bytes
 * @param retryAfter the {@code Retry-After} header (seconds), or "" when absent
 */
public record HttpAnswer(int status, String contentType, byte[] body, String retryAfter) {
  /** An answer without {@code Retry-After}. */
  public HttpAnswer(int status, String contentType, byte[] body) {
    this(status, contentType, body, "");
  }

  /** True for 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Throws {@link NodeAnswerException} unless the answer is a 2xx; returns this otherwise. */
  public HttpAnswer requireOk(String what) {
    if (!ok()) {
      throw new NodeAnswerException(what, this);
    }
    return this;
  }
}
