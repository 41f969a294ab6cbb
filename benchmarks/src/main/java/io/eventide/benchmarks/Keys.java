package io.eventide.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The keys a run spreads its messages over, message {@code i} going to key {@code i % count}, and
 * how many messages each key must have counted when the run is done. A per-run prefix keeps runs
 * against the same node apart, so every key starts from zero.
 */
final class Keys {

  static final String FUNCTION = "example/counter";

  private final String prefix;
  private final int count;

  Keys(String prefix, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one key");
    }
    this.prefix = prefix;
    this.count = count;
  }

  /** A short prefix unlikely to repeat between runs, such as {@code i3kq7-}. */
  static String freshPrefix(String scenario) {
    return scenario + Long.toString(System.currentTimeMillis() % 60_466_176L, 36) + "-";
  }

  int count() {
    return count;
  }

  String id(int key) {
    return prefix + "k" + key;
  }

  String idOfMessage(long message) {
    return id((int) (message % count));
  }

  /** The path of an address of the counter function, for example {@code example/counter/k12}. */
  String address(int key) {
    return FUNCTION + "/" + URLEncoder.encode(id(key), StandardCharsets.UTF_8);
  }

  String addressOfMessage(long message) {
    return address((int) (message % count));
  }

  /** Messages key {@code key} receives when {@code total} messages are spread round-robin. */
  long expected(int key, long total) {
    return total / count + (key < total % count ? 1 : 0);
  }
}
