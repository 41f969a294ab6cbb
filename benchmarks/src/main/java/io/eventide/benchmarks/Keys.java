package io.eventide.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The keys a run spreads its messages over, message {@code i} going to key {@code i % count}, and
 * how many messages each key must have counted when the run is done. A per-run prefix keeps runs
 * against the same node apart, so every key starts from zero.
 */
final class Keys {

  static final String FUNCTION = "example/counter";

  private final String function;
  private final String prefix;
  private final int count;

  Keys(String prefix, int count) {
    this(FUNCTION, prefix, count);
  }

  /**
   * Keys of {@code function} ({@code namespace/type}), which keeps its total in state {@code
   * count}.
   */
  Keys(String function, String prefix, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("need at least one key");
    }
    this.function = function;
    this.prefix = prefix;
    this.count = count;
  }

  /** A short prefix unlikely to repeat between runs, such as {@code i3kq7-}. */
  static String freshPrefix(String scenario) {
    return scenario + Long.toString(System.currentTimeMillis() % 60_466_176L, 36) + "-";
  }

  String function() {
    return function;
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
    return function + "/" + encodedId(key);
  }

  /** The id of {@code key} as one URL path segment. */
  String encodedId(int key) {
    return URLEncoder.encode(id(key), StandardCharsets.UTF_8);
  }

  String addressOfMessage(long message) {
    return address((int) (message % count));
  }

  /** The id of the key of message {@code message} as one URL path segment. */
  String encodedIdOfMessage(long message) {
    return encodedId((int) (message % count));
  }

  /** Messages key {@code key} receives when {@code total} messages are spread round-robin. */
  long expected(int key, long total) {
    return total / count + (key < total % count ? 1 : 0);
  }

  /**
   * {@code size} distinct keys drawn with {@code seed} (Floyd's algorithm), ascending; every key
   * when {@code size} is at least {@link #count}. The same seed gives the same keys.
   */
  int[] sample(int size, long seed) {
    if (size >= count) {
      return IntStream.range(0, count).toArray();
    }
    Random random = new Random(seed);
    Set<Integer> chosen = new HashSet<>(size * 2);
    for (int j = count - size; j < count; j++) {
      int t = random.nextInt(j + 1);
      chosen.add(chosen.contains(t) ? j : t);
    }
    int[] keys = chosen.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(keys);
    return keys;
  }
}
