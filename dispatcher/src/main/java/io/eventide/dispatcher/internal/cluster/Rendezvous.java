package io.eventide.dispatcher.internal.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which live dispatcher should own a key group: rendezvous (highest random weight) hashing. Every
 * dispatcher computes the same answer from the same member set without talking to the others, and
 * when a member joins or leaves only the key groups it wins or held move, about {@code G/n}.
 *
 * <p>{@code owner(List.of("d1", "d2"), 17)} names the member that should hold key group 17.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class Rendezvous {
  private Rendezvous() {}

  /** The member that should own {@code keyGroup}; null when there are no members. */
  static String owner(Collection<String> members, int keyGroup) {
    String best = null;
    long bestScore = 0;
    for (String member : members) {
      long score = score(member, keyGroup);
      // Ties (practically impossible) go to the smaller id, so every member agrees.
      if (best == null
          || Long.compareUnsigned(score, bestScore) > 0
          || (score == bestScore && member.compareTo(best) < 0)) {
        best = member;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The key groups of {@code 0 .. groups-1} that {@code member} should own among {@code members}.
   */
  static Set<Integer> assigned(Collection<String> members, String member, int groups) {
    Set<Integer> mine = new TreeSet<>();
    for (int kg = 0; kg < groups; kg++) {
      if (member.equals(owner(members, kg))) {
        mine.add(kg);
      }
    }
    return mine;
  }

  private static long score(String member, int keyGroup) {
    return mix(fnv(member) ^ (keyGroup * 0x9E3779B97F4A7C15L));
  }

  /** FNV-1a over UTF-8: stable across JVMs, unlike identity or seeded hashes. */
  private static long fnv(String value) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** MurmurHash3's 64-bit finalizer: spreads nearby inputs over the whole range. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
