package io.eventide.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.worker.testing.ZipBombs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bound of {@link JarBounds} exactly at its value and just past it. */
class JarBoundsTest {
  private static final int MIB = 1 << 20;
  private static final Duration QUICKLY = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void entriesInflatingToGigabytesAreRefusedWithoutInflatingThem() throws IOException {
    Path bomb = file(ZipBombs.zeros(4, 1024)); // 4 GiB of zeros in about 4 MB

    long start = System.nanoTime();
    assertRefused(bomb, Code.INVALID_JAR, "inflates to more than 100 times");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
    assertThat(Files.size(bomb)).isLessThan(8L * MIB);
  }

  @Test
  void theRatioSparesEntriesUpToOneMebibyte() throws IOException {
    assertThatCode(() -> JarBounds.check(file(ZipBombs.zeros(1, 1)))).doesNotThrowAnyException();
    assertRefused(file(ZipBombs.zeros(1, 2)), Code.INVALID_JAR, "100 times its compressed size");
  }

  @Test
  void entriesSharingTheirDataCountOnceEach() throws IOException {
    // 8 MiB deflating about 30 to 1, listed 128 times: exactly the 1 GiB allowed, then one more.
    assertThatCode(() -> JarBounds.check(file(ZipBombs.overlapping(128, 8 * MIB))))
        .doesNotThrowAnyException();
    assertRefused(
        file(ZipBombs.overlapping(129, 8 * MIB)), Code.TOO_LARGE, "inflates to more than");
  }

  @Test
  void entriesAreCountedExactly() throws IOException {
    assertThatCode(() -> JarBounds.check(file(ZipBombs.manyEntries(JarBounds.MAX_ENTRIES))))
        .doesNotThrowAnyException();
    assertRefused(file(ZipBombs.manyEntries(JarBounds.MAX_ENTRIES + 1)), Code.TOO_LARGE, "entries");
  }

  @Test
  void classFilesAreBoundedAsTheClassLoaderReadsThemWhole() throws IOException {
    byte[] atLimit = ZipBombs.lowEntropy((int) JarBounds.MAX_CLASS_BYTES, 3);
    assertThatCode(() -> JarBounds.check(file(ZipBombs.single("big/Generated.class", atLimit))))
        .doesNotThrowAnyException();
    byte[] past = ZipBombs.lowEntropy((int) JarBounds.MAX_CLASS_BYTES + 1, 3);
    assertRefused(file(ZipBombs.single("big/Generated.class", past)), Code.TOO_LARGE, "class file");
    // The same bytes as a resource are streamed, never read whole: only the other bounds apply.
    assertThatCode(() -> JarBounds.check(file(ZipBombs.single("big/data.bin", past))))
        .doesNotThrowAnyException();
  }

  @Test
  void nestedJarsAreNotOpened() throws IOException {
    byte[] outer =
        ZipBombs.withEntry(
            ZipBombs.single("a.txt", new byte[1]), "lib/bomb.jar", ZipBombs.zeros(4, 1024));

    assertThatCode(() -> JarBounds.check(file(outer))).doesNotThrowAnyException();
  }

  private static void assertRefused(Path jar, Code code, String message) {
    assertThatThrownBy(() -> JarBounds.check(jar))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  private Path file(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "bounds-", ".jar"), bytes);
  }
}
