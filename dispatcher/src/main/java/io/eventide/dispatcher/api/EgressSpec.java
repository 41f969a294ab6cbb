package io.eventide.dispatcher.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration of an egress delivered to a sink ({@code POST /v1/egresses}): a webhook ({@code
 * http}) or a Kafka topic ({@code kafka}). Validated when built; the message names the bad value
 * and the rule.
 *
 * @param kind {@value #HTTP} or {@value #KAFKA}
 * @param cluster the named Kafka cluster ({@code kafka}); null for {@code http}
 * @param topic the Kafka topic ({@code kafka}); null for {@code http}
 * @param url where records are posted ({@code http}); null for {@code kafka}
 * @param headers extra request headers ({@code http}); empty for {@code kafka}
 * @param timeout per request ({@code http}); {@link #DEFAULT_TIMEOUT} unless given
 */
public record EgressSpec(
    String name,
    String kind,
    String cluster,
    String topic,
    String url,
    Map<String, String> headers,
    Duration timeout) {
  public static final String HTTP = "http";
  public static final String KAFKA = "kafka";

  /** What configured names look like (egresses and Kafka clusters). */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** The egress of dead letters: written by the platform, never delivered elsewhere. */
  public static final String DEAD_LETTERS = "dead-letters";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  public static final int MAX_HEADERS = 32;
  public static final int MAX_HEADER_VALUE_CHARS = 8_192;
  public static final int MAX_URL_CHARS = 2_048;

  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");

  /** Set by the sink for every record, or refused by the JDK's HTTP client. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "idempotency-key",
          "x-event-time",
          "content-length",
          "host",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding");

  public EgressSpec {
    requireName("egress name", name);
    if (DEAD_LETTERS.equals(name)) {
      throw new IllegalArgumentException(
          "egress name '" + DEAD_LETTERS + "' is reserved: dead letters stay in the outbox");
    }
    Objects.requireNonNull(kind, "kind");
    headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (KAFKA.equals(kind)) {
      requireName("kafka cluster name", cluster);
      if (topic == null
          || !TOPIC.matcher(topic).matches()
          || ".".equals(topic)
          || "..".equals(topic)) {
        throw new IllegalArgumentException(
            "topic '" + topic + "' must be 1..249 characters of [a-zA-Z0-9._-]");
      }
      if (url != null || !headers.isEmpty()) {
        throw new IllegalArgumentException(
            "a kafka egress takes cluster and topic, not url or headers");
      }
    } else if (HTTP.equals(kind)) {
      requireUrl(url);
      requireHeaders(headers);
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "timeout must be 1ms..5m, was " + timeout.toMillis() + "ms");
      }
      if (cluster != null || topic != null) {
        throw new IllegalArgumentException(
            "an http egress takes url, headers and timeout, not cluster or topic");
      }
    } else {
      throw new IllegalArgumentException(
          "kind '" + kind + "' must be http or kafka (log egresses need no configuration)");
    }
  }

  /** An {@code http} egress. */
  public static EgressSpec http(
      String name, String url, Map<String, String> headers, Duration timeout) {
    return new EgressSpec(name, HTTP, null, null, url, headers, timeout);
  }

  /** A {@code kafka} egress. */
  public static EgressSpec kafka(String name, String cluster, String topic) {
    return new EgressSpec(name, KAFKA, cluster, topic, null, Map.of(), null);
  }

  private static void requireName(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' must match " + NAME.pattern());
    }
  }

  private static void requireUrl(String url) {
    if (url == null || url.length() > MAX_URL_CHARS) {
      throw new IllegalArgumentException(
          "url must be an http or https URL of at most " + MAX_URL_CHARS + " characters");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "url '" + url + "' must be http://host... or https://host...");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url '" + url + "' is malformed: " + e.getReason(), e);
    }
  }

  private static void requireHeaders(Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS) {
      throw new IllegalArgumentException(
          "at most " + MAX_HEADERS + " headers, were " + headers.size());
    }
    headers.forEach(
        (header, value) -> {
          if (!TOKEN.matcher(header).matches()) {
            throw new IllegalArgumentException("header name '" + header + "' is not an HTTP token");
          }
          if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                "header '" + header + "' is set by the sink and cannot be configured");
          }
          if (value.length() > MAX_HEADER_VALUE_CHARS
              || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException(
                "header '"
                    + header
                    + "' must have a value of at most "
                    + MAX_HEADER_VALUE_CHARS
                    + " printable characters");
          }
        });
  }
}
