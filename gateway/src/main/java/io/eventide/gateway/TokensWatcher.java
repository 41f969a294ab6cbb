package io.eventide.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a tokens file: reads it on each poll and, when its bytes changed, installs the tokens it
 * now holds. Reading the bytes rather than the modification time catches a change made within the
 * file system's timestamp granularity, and an editor's replace-by-rename; the file is small. A file
 * that becomes unreadable or invalid keeps the last good tokens, and is logged once with the reason
 * (never a token) until it changes again.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #load} runs before {@link #start}; polls then run on one daemon thread
 * ("eventide-tokens-watch"), the only one touching the watcher's state.
 */
final class TokensWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TokensWatcher.class);

  private final Path file;
  private final Function<List<Client>, Tokens> combine;
  private final Consumer<Tokens> install;
  private final Consumer<String> outcomes;
  private byte[] seen = new byte[0];
  private String refused;
  private boolean unreadable;
  private ScheduledExecutorService poller;

  /**
   * @param combine adds the flag tokens to the file's, and checks the whole (unique names, tokens)
   * @param install receives each new set
   * @param outcomes told of each reload after start: {@code ok}, or why the file is not used
   *     ({@code INVALID_TOKENS_FILE}, {@code UNREADABLE_TOKENS_FILE}), once per new reason
   */
  TokensWatcher(
      Path file,
      Function<List<Client>, Tokens> combine,
      Consumer<Tokens> install,
      Consumer<String> outcomes) {
    this.file = file;
    this.combine = combine;
    this.install = install;
    this.outcomes = outcomes;
  }

  /**
   * Reads the file once, for start-up: its tokens, or an IllegalArgumentException naming the file
   * and what is wrong with it.
   */
  Tokens load() {
    try {
      byte[] content = read();
      Tokens tokens = combine.apply(TokensFile.parse(content));
      seen = Client.sha256(content);
      return tokens;
    } catch (IOException e) {
      throw new IllegalArgumentException("tokens file " + file + " cannot be read: " + e, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tokens file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Polls every {@code period} on a daemon thread until closed. */
  synchronized void start(Duration period) {
    if (poller != null) {
      return;
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "eventide-tokens-watch");
              thread.setDaemon(true);
              return thread;
            });
    long millis = period.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One look at the file; installs its tokens when its content changed and is valid. */
  void poll() {
    byte[] content;
    try {
      content = read();
    } catch (IOException | RuntimeException e) {
      // A thrown exception would end the scheduled polls for good.
      unreadable = true;
      refuse("UNREADABLE_TOKENS_FILE", "cannot be read (" + e + ")");
      return;
    }
    if (unreadable) {
      unreadable = false;
      refused = null; // the next failure to read is news again
    }
    byte[] digest = Client.sha256(content);
    if (MessageDigest.isEqual(digest, seen)) {
      return;
    }
    seen = digest;
    try {
      Tokens tokens = combine.apply(TokensFile.parse(content));
      install.accept(tokens);
      refused = null;
      LOG.info("tokens file {} reloaded: {} tokens", file, tokens.size());
      outcomes.accept("ok");
    } catch (IllegalArgumentException e) {
      refuse("INVALID_TOKENS_FILE", e.getMessage());
    }
  }

  private void refuse(String code, String reason) {
    if (!reason.equals(refused)) {
      refused = reason;
      LOG.error("tokens file {} is not used, the tokens loaded before stay: {}", file, reason);
      outcomes.accept(code);
    }
  }

  private byte[] read() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(TokensFile.MAX_BYTES + 1);
    }
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }
}
