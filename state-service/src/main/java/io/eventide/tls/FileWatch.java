package io.eventide.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a few small files the way the gateway follows its tokens file: reads them on each poll
 * and, when their bytes changed, runs a reload that reads and installs them. Bytes rather than
 * modification times catch a change within the file system's timestamp granularity and a
 * replace-by-rename (cert-manager's, an editor's). A reload that fails (a half-written pair, a bad
 * file) keeps what was installed before and is logged once per reason; it is tried again when the
 * files change again.
 *
 * <h2>Thread safety</h2>
 *
 * Polls run on one daemon thread ("eventide-tls-reload"), the only one touching the watch's state
 * and the only one running the reload.
 */
final class FileWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

  /** Certificates and keys are a few KiB; more is not one of them. */
  static final int MAX_BYTES = 1 << 20;

  private final String what;
  private final List<Path> files;
  private final Runnable reload;
  private final ScheduledExecutorService poller;
  private byte[] seen;
  private String refused;

  private FileWatch(String what, List<Path> files, Runnable reload) {
    this.what = what;
    this.files = files;
    this.reload = reload;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "eventide-tls-reload");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Watches {@code files}, whose current content the caller has just installed, polling every
   * {@code period}; {@code reload} reads and installs them again, throwing IllegalArgumentException
   * when they are not usable. {@code what} names them in the log.
   */
  static FileWatch start(String what, List<Path> files, Duration period, Runnable reload) {
    FileWatch watch = new FileWatch(what, files, reload);
    try {
      watch.seen = watch.digest();
    } catch (IOException e) {
      watch.seen = new byte[0];
    }
    long millis = period.toMillis();
    watch.poller.scheduleWithFixedDelay(watch::poll, millis, millis, TimeUnit.MILLISECONDS);
    return watch;
  }

  void poll() {
    byte[] digest;
    try {
      digest = digest();
    } catch (IOException | RuntimeException e) {
      // A thrown exception would end the scheduled polls for good.
      refuse("cannot be read (" + e + ")");
      return;
    }
    if (MessageDigest.isEqual(digest, seen)) {
      return;
    }
    seen = digest;
    try {
      reload.run();
      refused = null;
      LOG.info("{} reloaded from {}", what, files);
    } catch (RuntimeException e) {
      refuse(e.getMessage());
    }
  }

  private void refuse(String reason) {
    if (!reason.equals(refused)) {
      refused = reason;
      LOG.error("{} {} not reloaded, the ones loaded before stay: {}", what, files, reason);
    }
  }

  private byte[] digest() throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        sha256.update(in.readNBytes(MAX_BYTES));
      }
      sha256.update((byte) 0);
    }
    return sha256.digest();
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
