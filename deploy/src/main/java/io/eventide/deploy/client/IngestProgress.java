package io.eventide.deploy.client;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress bar of {@code eventide ingest} on stderr: lines and bytes sent, the share of the
 * file, and the rate. On a terminal one line is redrawn at most four times a second; otherwise (a
 * log file, a CI job) a line is printed at every tenth of the file.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to the ingesting thread.
 */
final class IngestProgress {
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private final long totalBytes;
  private final long totalLines;
  private final long start = System.nanoTime();
  private long drawnAt;
  private int tenthsShown;

  IngestProgress(PrintWriter err, boolean terminal, long totalBytes, long totalLines) {
    this.err = err;
    this.terminal = terminal;
    this.totalBytes = totalBytes;
    this.totalLines = totalLines;
  }

  void update(long bytes, long lines, boolean last) {
    long now = System.nanoTime();
    int tenths = totalBytes == 0 ? 10 : (int) (10 * bytes / totalBytes);
    if (terminal) {
      if (!last && now - drawnAt < REDRAW_NANOS) {
        return;
      }
      err.print("\r" + render(bytes, lines, now) + (last ? "\n" : ""));
    } else if (tenths > tenthsShown || last) {
      tenthsShown = tenths;
      err.println(render(bytes, lines, now));
    } else {
      return;
    }
    drawnAt = now;
    err.flush();
  }

  /** A line of its own (waiting, retrying), below the bar on a terminal. */
  void note(String text) {
    err.println((terminal ? "\n" : "") + "eventide: " + text);
    err.flush();
  }

  private String render(long bytes, long lines, long now) {
    double share = totalBytes == 0 ? 1 : (double) bytes / totalBytes;
    int width = 30;
    int filled = (int) Math.round(share * width);
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  %,d/%,d lines  %.1f/%.1f MB  %,.0f lines/s",
        "#".repeat(filled),
        " ".repeat(width - filled),
        Math.round(share * 100),
        lines,
        totalLines,
        bytes / 1e6,
        totalBytes / 1e6,
        lines / seconds);
  }
}
