package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TemporaryScratch}: a directory is swept only once no process holds its lock, which a
 * process killed with SIGKILL no longer does. The other process is a real one (a JVM on this test's
 * class path), since file locks belong to processes.
 */
class TemporaryScratchTest {
  private static final String PREFIX = "eventide-worker-";

  @TempDir Path tmp;

  @Test
  void aKilledProcesssDirectoryIsSweptAndALiveOnesIsNot() throws Exception {
    Process holder = jvm(Holder.class, tmp.toString());
    try {
      Path held = Path.of(firstLine(holder));
      assertThat(held).isDirectory().hasParent(tmp);

      assertThat(TemporaryScratch.sweep(tmp, PREFIX, Duration.ZERO)).isZero();
      assertThat(held).as("its process holds the lock").isDirectory();

      holder.destroyForcibly(); // SIGKILL: the process cannot remove its directory
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(held).isDirectory();

      assertThat(TemporaryScratch.sweep(tmp, PREFIX, Duration.ZERO)).isEqualTo(1);
      assertThat(held).doesNotExist();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void onlyAnOldDirectoryWithAFreeLockIsSwept() throws Exception {
    Path starting = Files.createDirectory(tmp.resolve(PREFIX + "starting"));
    Files.createFile(starting.resolve(TemporaryScratch.LOCK));
    Path unlocked = Files.createDirectory(tmp.resolve(PREFIX + "before-locks"));
    setOld(unlocked);
    Path otherKind = Files.createDirectory(tmp.resolve("eventide-gateway-1"));
    Path aFile = Files.writeString(tmp.resolve(PREFIX + "file"), "not a directory");
    setOld(otherKind);
    setOld(aFile);
    try (TemporaryScratch own = TemporaryScratch.create(tmp, PREFIX)) {
      setOld(own.dir());
      assertThat(TemporaryScratch.sweep(tmp, PREFIX, TemporaryScratch.GRACE)).isZero();
      assertThat(starting).as("its lock free but within the grace").isDirectory();
      assertThat(unlocked).as("no lock file: nothing proves its process gone").isDirectory();
      assertThat(own.dir()).as("locked by this process").isDirectory();

      setOld(starting);
      assertThat(TemporaryScratch.sweep(tmp, PREFIX, TemporaryScratch.GRACE)).isEqualTo(1);
      assertThat(starting).as("its lock free, and older than the grace").doesNotExist();
      assertThat(unlocked).isDirectory();
      assertThat(own.dir()).isDirectory();
      assertThat(otherKind).isDirectory();
      assertThat(aFile).isRegularFile();
    }
  }

  @Test
  void createSweepsFirstAndCloseRemovesTheDirectory() throws Exception {
    Path left = Files.createDirectory(tmp.resolve(PREFIX + "left"));
    Files.createFile(left.resolve(TemporaryScratch.LOCK));
    Files.writeString(left.resolve("functions.jar"), "jar bytes");
    setOld(left);

    TemporaryScratch scratch = TemporaryScratch.create(tmp, PREFIX);
    assertThat(left).doesNotExist();
    assertThat(scratch.dir().resolve(TemporaryScratch.LOCK)).isRegularFile();
    Files.writeString(scratch.dir().resolve("functions.jar"), "jar bytes");

    scratch.close();
    assertThat(scratch.dir()).doesNotExist();
  }

  @Test
  void aSweepKeepsTheLockOfThisProcesssOwnDirectory() throws Exception {
    try (TemporaryScratch own = TemporaryScratch.create(tmp, PREFIX)) {
      setOld(own.dir());

      assertThat(TemporaryScratch.sweep(tmp, PREFIX, Duration.ZERO)).isZero();

      // Closing any channel to the lock file would have dropped this process's lock (POSIX).
      Process prober = jvm(Prober.class, own.dir().resolve(TemporaryScratch.LOCK).toString());
      try {
        assertThat(firstLine(prober)).isEqualTo("held");
      } finally {
        prober.destroyForcibly();
      }
    }
  }

  private static Process jvm(Class<?> main, String argument) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            main.getName(),
            argument)
        .redirectErrorStream(true)
        .start();
  }

  private static String firstLine(Process process) throws Exception {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      return out.readLine();
    }
  }

  private static void setOld(Path path) throws Exception {
    Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
  }

  /** The other process: prints whether another process holds the lock on its argument's file. */
  static final class Prober {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        System.out.println(lock == null ? "held" : "free");
      }
    }
  }

  /** The other process: makes a scratch directory under its argument, prints it, and waits. */
  static final class Holder {
    public static void main(String[] args) throws Exception {
      TemporaryScratch scratch = TemporaryScratch.create(Path.of(args[0]), PREFIX);
      System.out.println(scratch.dir());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE); // until killed
    }
  }
}
