package io.eventide.dispatcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Key groups are part of the stored format: every way of computing one must agree with the
 * definition.
 */
class KeyGroupsTest {
  /** The definition: crc32c of the UTF-8 of {@code ns/type/id}, mod the group count. */
  private static int reference(String namespace, String type, String id, int groups) {
    CRC32C crc = new CRC32C();
    crc.update((namespace + '/' + type + '/' + id).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % groups);
  }

  @Test
  void fixedAddressesKeepTheirGroups() {
    // Pinned: inboxes written by earlier versions are found under these groups.
    assertThat(KeyGroups.of("bench", "count", "key-1", 256)).isEqualTo(19);
    assertThat(KeyGroups.of("t", "counter", "k0", 16)).isEqualTo(1);
  }

  @Test
  void agreesWithTheDefinitionForAsciiNonAsciiAndLongAddresses() {
    Random random = new Random(42);
    String[] alphabets = {"abcXYZ019-_.", "äöü€中文", "a😀b"};
    for (int i = 0; i < 20_000; i++) {
      String id = randomString(random, alphabets[i % 3], 1 + random.nextInt(i % 7 == 0 ? 300 : 20));
      String type = randomString(random, alphabets[0], 1 + random.nextInt(10));
      int groups = 1 + random.nextInt(65_536);
      assertThat(KeyGroups.of("ns", type, id, groups))
          .as(id)
          .isEqualTo(reference("ns", type, id, groups));
    }
  }

  private static String randomString(Random random, String alphabet, int length) {
    int[] points = alphabet.codePoints().toArray();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return s.toString();
  }
}
