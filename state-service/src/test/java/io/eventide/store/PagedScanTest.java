package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.StoreException.Code;
import io.eventide.store.backends.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long scans split over transactions, on the embedded store, with pages made to fail {@code
 * TOO_OLD} as FoundationDB's reads do past 5 s.
 */
class PagedScanTest {
  private static final byte[] BEGIN = Tuple.from("rows").pack();
  private static final byte[] END = Keys.strinc(BEGIN);

  @TempDir Path dir;
  private Store rocks;
  private final AtomicInteger pageReads = new AtomicInteger();
  private final List<Integer> tooOldAt = new ArrayList<>(); // page reads (1-based) that fail
  private final List<Integer> limits = new ArrayList<>();

  @BeforeEach
  void open() {
    rocks = Stores.rocksdb(dir);
    for (int batch = 0; batch < 3; batch++) {
      try (Transaction tx = rocks.begin()) {
        for (int i = batch * 1_000; i < Math.min(2_500, (batch + 1) * 1_000); i++) {
          tx.set(row(i), Tuple.from(i).pack());
        }
        tx.commitAsync().join();
      }
    }
  }

  @AfterEach
  void close() {
    rocks.close();
  }

  @Test
  void readsEveryRowOnceInOrderInPagesOfTheirOwnTransactions() {
    List<Long> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();

    long rows =
        PagedScan.forEach(flaky(), BEGIN, END, 1_000, page -> collect(page, seen, pageSizes));

    assertThat(rows).isEqualTo(2_500);
    assertThat(seen).hasSize(2_500).isSorted().doesNotHaveDuplicates();
    assertThat(pageSizes).containsExactly(1_000, 1_000, 500);
    assertThat(pageReads).hasValue(3);
  }

  @Test
  void aPageThatFailsTooOldIsReadAgainWithFewerRows() {
    tooOldAt.add(2);
    tooOldAt.add(3);
    List<Long> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();

    PagedScan.forEach(flaky(), BEGIN, END, 1_000, page -> collect(page, seen, pageSizes));

    assertThat(seen).hasSize(2_500).isSorted().doesNotHaveDuplicates();
    assertThat(limits).startsWith(1_000, 1_000, 500, 250);
    assertThat(pageSizes.get(0)).isEqualTo(1_000);
    assertThat(pageSizes.subList(1, pageSizes.size())).allMatch(size -> size <= 250);
  }

  @Test
  void otherFailuresAndATooOldSingleRowPropagate() {
    for (int i = 1; i <= 20; i++) {
      tooOldAt.add(i);
    }
    assertThatThrownBy(() -> PagedScan.forEach(flaky(), BEGIN, END, 8, page -> {}))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.TOO_OLD));
    assertThat(limits).containsExactly(8, 4, 2, 1);
  }

  @Test
  void anEmptyRangeIsNoPage() {
    List<Integer> pageSizes = new ArrayList<>();
    assertThat(PagedScan.forEach(flaky(), END, Keys.strinc(END), 10, p -> pageSizes.add(p.size())))
        .isZero();
    assertThat(pageSizes).isEmpty();
  }

  private static void collect(List<KeyValue> page, List<Long> seen, List<Integer> pageSizes) {
    pageSizes.add(page.size());
    page.forEach(kv -> seen.add(Tuple.fromBytes(kv.value()).getLong(0)));
  }

  private static byte[] row(int i) {
    return Tuple.from("rows", i).pack();
  }

  /** The embedded store, with the page reads listed in {@link #tooOldAt} failing TOO_OLD. */
  private Store flaky() {
    return new Store() {
      @Override
      public Transaction begin() {
        Transaction tx = rocks.begin();
        return new ForwardingTransaction(tx) {
          @Override
          public ReadView snapshot() {
            ReadView view = delegate.snapshot();
            return new ReadView() {
              @Override
              public byte[] get(byte[] key) {
                return view.get(key);
              }

              @Override
              public List<KeyValue> getRange(byte[] b, byte[] e, int limit, boolean reverse) {
                limits.add(limit);
                if (tooOldAt.contains(pageReads.incrementAndGet())) {
                  throw new StoreException(Code.TOO_OLD, "injected: transaction_too_old");
                }
                return view.getRange(b, e, limit, reverse);
              }
            };
          }
        };
      }

      @Override
      public String backend() {
        return "too-old-" + rocks.backend();
      }

      @Override
      public void close() {
        rocks.close();
      }
    };
  }
}
