package io.eventide.store;

import io.eventide.store.StoreException.Code;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a range too large for one transaction, in pages, each page in a transaction of its own.
 *
 * <p>A FoundationDB transaction can read for 5 s ({@value Limits#MAX_TRANSACTION_MILLIS} ms) at
 * most; past that every read fails {@code transaction_too_old} ({@code TOO_OLD}), and retrying the
 * whole scan in a new transaction only fails again. So a scan whose size is not bounded reads a
 * page of rows, ends that transaction, hands the page over, and goes on after the page's last key
 * in a new one. A page that fails {@code TOO_OLD} (a slow cluster, a stalled process) is read again
 * in a fresh transaction with half the rows, and so are the pages after it. The caller's work on a
 * page runs outside every transaction, so it costs the scan no time.
 *
 * <p>Each page is consistent; the scan as a whole is not one snapshot: a key written or cleared
 * after the scan started is seen or missed depending on whether the scan had passed it. Use it
 * where that is enough (listing, counting, sweeping, exporting), never to decide a commit.
 *
 * <pre>{@code
 * long rows = PagedScan.forEach(store, begin, end, 1_000, page -> page.forEach(out::add));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; blocks the calling thread while it reads.
 */
public final class PagedScan {
  private PagedScan() {}

  /**
   * Hands {@code page} the rows of {@code [begin, end)} in key order, at most {@code pageRows} at a
   * time, and returns how many there were. Failures other than a page's {@code TOO_OLD} propagate.
   */
  public static long forEach(
      Store store, byte[] begin, byte[] end, int pageRows, Consumer<List<KeyValue>> page) {
    if (pageRows < 1) {
      throw new IllegalArgumentException("pageRows " + pageRows + " must be ≥ 1");
    }
    long rows = 0;
    byte[] from = begin;
    int limit = pageRows;
    while (Keys.compare(from, end) < 0) {
      List<KeyValue> read;
      try {
        read = readPage(store, from, end, limit);
      } catch (StoreException e) {
        if (e.code() != Code.TOO_OLD || limit == 1) {
          throw e;
        }
        limit = Math.max(1, limit / 2);
        continue;
      }
      if (read.isEmpty()) {
        break;
      }
      rows += read.size();
      page.accept(read);
      if (read.size() < limit) {
        break;
      }
      from = Keys.concat(read.get(read.size() - 1).key(), new byte[] {0});
    }
    return rows;
  }

  private static List<KeyValue> readPage(Store store, byte[] from, byte[] end, int limit) {
    // Snapshot reads: the page decides nothing, so it need not conflict with anything.
    try (Transaction tx = store.begin()) {
      return tx.snapshot().getRange(from, end, limit, false);
    }
  }
}
