package io.eventide.deploy;

import io.eventide.deploy.files.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's temporary scratch directory, locked for as long as the process lives, and the sweep
 * of those a killed process left behind.
 *
 * <p>A process that stops removes its directory ({@link #close}), but one killed with SIGKILL, or
 * by the kernel's OOM killer, cannot: every restart of a crash-looping worker would leave a copy of
 * the deployed jars in the temporary directory. So each directory holds a {@value #LOCK} file that
 * its process keeps locked ({@link FileChannel#tryLock}, which the kernel releases when the process
 * dies, however it dies), and a new one first removes every directory of its kind whose lock it can
 * take. A directory without a lock file is left alone (a worker of a version before the locks may
 * still use it), and so is one changed within {@link #GRACE}, whatever its lock says: its process
 * may not have locked it yet. {@link DataDirOption#scratch} makes one for a worker that was given
 * no {@code --data-dir}, and the worker closes it, which removes the directory, when it stops.
 */
final class TemporaryScratch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TemporaryScratch.class);

  /** The file each directory's process keeps locked. */
  static final String LOCK = ".lock";

  /** How new a directory whose lock is free may be and still belong to a process starting. */
  static final Duration GRACE = Duration.ofMinutes(1);

  /**
   * The lock files this process holds. The sweep never opens them: closing any channel to a file
   * drops every lock the process holds on it (POSIX record locks), so a look at its own lock would
   * give it away.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel lock;

  private TemporaryScratch(Path dir, FileChannel lock) {
    this.dir = dir;
    this.lock = lock;
  }

  /**
   * Removes what killed processes left under {@code parent} with this {@code prefix}, then makes
   * and locks a new directory there.
   */
  static TemporaryScratch create(Path parent, String prefix) {
    sweep(parent, prefix, GRACE);
    try {
      Path dir = Files.createTempDirectory(parent, prefix);
      Path lockFile = lockOf(dir);
      FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        if (channel.tryLock() == null) {
          throw new IOException("the new lock file " + lockFile + " is locked already");
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        Trees.delete(dir);
        throw e;
      }
      HELD.add(lockFile);
      return new TemporaryScratch(dir, channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the scratch directory: " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  private static Path lockOf(Path dir) {
    return dir.resolve(LOCK).toAbsolutePath().normalize();
  }

  /** Removes the directory, then lets its lock go. */
  @Override
  public void close() throws IOException {
    try {
      Trees.delete(dir);
    } finally {
      HELD.remove(lockOf(dir));
      lock.close();
    }
  }

  /**
   * Removes every directory under {@code parent} named {@code prefix*} that no live process holds
   * and that has not changed for {@code grace}; returns how many. A directory that cannot be
   * removed is logged and left for the next sweep.
   */
  static int sweep(Path parent, String prefix, Duration grace) {
    int removed = 0;
    Instant settled = Instant.now().minus(grace);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && abandoned(dir, settled)) {
          try {
            Trees.delete(dir);
            removed++;
          } catch (UncheckedIOException e) {
            LOG.warn("cannot remove {}, left by a process that stopped: {}", dir, e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list {} for scratch directories left behind: {}", parent, e.getMessage());
    }
    if (removed > 0) {
      LOG.info(
          "removed {} scratch directories under {} left by processes that were killed",
          removed,
          parent);
    }
    return removed;
  }

  private static boolean abandoned(Path dir, Instant settled) {
    try {
      if (Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(settled)) {
        return false;
      }
      Path lockFile = lockOf(dir);
      if (HELD.contains(lockFile) || !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
        return false; // this process's own, or nothing proves its process gone
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock taken = channel.tryLock();
        if (taken == null) {
          return false; // a live process holds it
        }
        taken.release();
        return true;
      } catch (OverlappingFileLockException e) {
        return false; // this process holds it (and has just lost it: see HELD)
      }
    } catch (IOException e) {
      return false; // gone meanwhile, or not ours to read
    }
  }
}
