package io.eventide.worker.internal;

import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Bounds on what a deployed jar may unpack to, so that a zip bomb is refused at deploy time (413 or
 * 400) instead of costing minutes of CPU or the heap when its classes load. The jar is read as the
 * class loader will read it, through its central directory, and every entry is inflated once while
 * counting the bytes that actually come out: sizes a zip declares are not trusted, and entries that
 * share their compressed data (a non-recursive zip bomb) each count in full. Jars inside the jar
 * are neither opened nor loaded, so nesting bombs cost only their own bytes.
 *
 * <p>A jar within the 64 MiB upload limit made of class files and ordinary resources inflates to a
 * few hundred MiB at most, and class files compress about 2 to 4 times; the bounds leave room for
 * that and for well-compressible resources.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class JarBounds {
  /** Entries in one jar, directories included. */
  static final int MAX_ENTRIES = 100_000;

  /** Bytes all entries inflate to together. */
  static final long MAX_INFLATED_BYTES = 1L << 30;

  /** How many times its compressed size one entry may inflate to, once past the grace below. */
  static final int MAX_RATIO = 100;

  /**
   * Entries inflating to less than this are not held to the ratio (small files compress wildly).
   */
  static final long RATIO_GRACE_BYTES = 1 << 20;

  /**
   * Bytes of one class file: {@link DeploymentClassLoader} reads a class whole into the heap. The
   * largest generated classes are a few MiB.
   */
  static final long MAX_CLASS_BYTES = 16 << 20;

  private static final int BUFFER_BYTES = 64 * 1024;

  private JarBounds() {}

  /**
   * Checks the jar at {@code file}: readable as a zip, at least one entry, and within the bounds.
   *
   * @throws DeploymentException {@code TOO_LARGE} past the entry count or the total, {@code
   *     INVALID_JAR} past the ratio or when the zip is malformed
   */
  static void check(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      if (zip.size() == 0) {
        throw new DeploymentException(Code.INVALID_JAR, "not a jar: it has no entries");
      }
      if (zip.size() > MAX_ENTRIES) {
        throw new DeploymentException(
            Code.TOO_LARGE,
            "the jar has " + zip.size() + " entries; at most " + MAX_ENTRIES + " are accepted");
      }
      byte[] buffer = new byte[BUFFER_BYTES];
      long total = 0;
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        total += inflate(zip, entry, buffer, MAX_INFLATED_BYTES - total);
      }
    } catch (IOException e) {
      throw new DeploymentException(Code.INVALID_JAR, "not a jar: " + e, e);
    }
  }

  /** Inflates {@code entry}, failing as soon as it passes a bound or {@code allowance}. */
  private static long inflate(ZipFile zip, ZipEntry entry, byte[] buffer, long allowance)
      throws IOException {
    long ratioLimit =
        Math.max(RATIO_GRACE_BYTES, MAX_RATIO * Math.max(entry.getCompressedSize(), 1));
    long classLimit = entry.getName().endsWith(".class") ? MAX_CLASS_BYTES : Long.MAX_VALUE;
    long inflated =
        count(zip, entry, buffer, Math.min(allowance, Math.min(ratioLimit, classLimit)));
    String name = "'" + entry.getName() + "'";
    if (inflated > allowance) {
      throw new DeploymentException(
          Code.TOO_LARGE,
          "the jar inflates to more than "
              + MAX_INFLATED_BYTES
              + " bytes (at entry "
              + name
              + "): refused as a possible zip bomb");
    } else if (inflated > classLimit) {
      throw new DeploymentException(
          Code.TOO_LARGE,
          "class file " + name + " inflates to more than " + MAX_CLASS_BYTES + " bytes");
    } else if (inflated > ratioLimit) {
      throw new DeploymentException(
          Code.INVALID_JAR,
          "entry "
              + name
              + " inflates to more than "
              + MAX_RATIO
              + " times its compressed size of "
              + entry.getCompressedSize()
              + " bytes: refused as a possible zip bomb");
    }
    return inflated;
  }

  /** The bytes {@code entry} inflates to, read no further than one buffer past {@code limit}. */
  private static long count(ZipFile zip, ZipEntry entry, byte[] buffer, long limit)
      throws IOException {
    long inflated = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      for (int n = in.read(buffer); n >= 0 && inflated <= limit; n = in.read(buffer)) {
        inflated += n;
      }
    }
    return inflated;
  }
}
