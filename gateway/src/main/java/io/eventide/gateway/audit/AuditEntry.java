package io.eventide.gateway.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * One admin action: who (the token's name, never the token), from where, what, on what, when, and
 * how it ended. The same JSON is the log line and the stored value.
 *
 * @param time when the answer was sent, epoch ms
 * @param action what was asked, e.g. {@code deployment.create}, or {@code METHOD /template} for a
 *     route that names no action
 * @param target what it was asked of (a deployment id, a subscription id, an egress name); null
 *     when the request named nothing
 * @param token the name of the token that asked: a tokens file entry's name, {@code admin} or
 *     {@code ingress} for the two flags, {@code (anonymous)} when none was presented, {@code
 *     (unknown)} for one no entry matches; null for what no client asked (a tokens file reload)
 * @param remote the peer's IP address; null when no client asked
 * @param method the HTTP method; null when no client asked
 * @param path the request path, as sent; null when no client asked
 * @param status the HTTP status answered; 0 when no client asked
 * @param outcome {@code ok}, or the error's code ({@code FORBIDDEN}, {@code NOT_FOUND}, ...)
 */
@JsonPropertyOrder({
  "time", "action", "target", "token", "remote", "method", "path", "status", "outcome"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(
    long time,
    String action,
    String target,
    String token,
    String remote,
    String method,
    String path,
    int status,
    String outcome) {
  /** Longest target or path kept; a longer one is cut, so an entry stays one small value. */
  public static final int MAX_TEXT = 512;

  /** The outcome of a successful answer. */
  public static final String OK = "ok";

  static final ObjectMapper JSON = new ObjectMapper();

  /** Checks the required fields and cuts over-long texts. */
  public AuditEntry {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    action = cut(action);
    target = cut(target);
    path = cut(path);
  }

  /** One JSON object, no line break. */
  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit entry is always serializable", e);
    }
  }

  /** Parses what {@link #json} wrote. */
  static AuditEntry parse(byte[] json) throws IOException {
    return JSON.readValue(json, AuditEntry.class);
  }

  private static String cut(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }
}
