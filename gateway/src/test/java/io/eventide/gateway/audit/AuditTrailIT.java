package io.eventide.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored audit log over the real embedded store: pages, cursors, retention by age and count.
 */
class AuditTrailIT {
  static final long NOW = 1_000_000_000L;
  static final Duration AGE = Duration.ofMillis(1_000);

  @TempDir Path dir;
  Store store;
  AuditTrail trail;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    trail = new AuditTrail(store, new Keyspace("test"));
  }

  @AfterEach
  void close() {
    trail.close();
    store.close();
  }

  static AuditEntry at(long time, String target) {
    return new AuditEntry(
        time, "deployment.delete", target, "ops", "127.0.0.1", "DELETE", "/v1/x", 200, "ok");
  }

  List<String> targets(AuditTrail.Page page) {
    return page.entries().stream().map(s -> s.entry().target()).toList();
  }

  @Test
  void pagesRunInTimeOrderAndResumeAfterTheirLastEntry() {
    trail.append(List.of(at(30, "c"), at(10, "a")));
    trail.append(List.of(at(20, "b"), at(30, "d")));

    AuditTrail.Page first = trail.page(null, 3);
    assertThat(targets(first)).containsExactly("a", "b", "c");
    assertThat(first.entries().get(0).entry()).isEqualTo(at(10, "a"));
    assertThat(first.next()).startsWith("30.").hasSize("30.".length() + 24);
    AuditTrail.Page rest = trail.page(first.next(), 3);
    assertThat(targets(rest)).containsExactly("d");
    AuditTrail.Page empty = trail.page(rest.next(), 3);
    assertThat(empty.entries()).isEmpty();
    assertThat(empty.next()).isEqualTo(rest.next());

    // A time starts at the entries of that millisecond.
    assertThat(targets(trail.page("20", 10))).containsExactly("b", "c", "d");
    assertThat(targets(trail.page("21", 10))).containsExactly("c", "d");
    assertThat(trail.count()).isEqualTo(4);
  }

  @Test
  void aPageHoldsOneToAThousandEntriesAndFromIsATimeOrAnId() {
    trail.append(IntStream.range(0, 1_001).mapToObj(i -> at(i, "t" + i)).toList());
    assertThat(trail.page(null, AuditTrail.MAX_PAGE).entries()).hasSize(1_000);
    assertThat(trail.page(null, 1).entries()).hasSize(1);
    assertThatThrownBy(() -> trail.page(null, AuditTrail.MAX_PAGE + 1))
        .hasMessageContaining("limit must be 1..1000, was 1001");
    assertThatThrownBy(() -> trail.page(null, 0)).hasMessageContaining("was 0");
    for (String bad : List.of("", "-1", "x", "10.abc", "10." + "0".repeat(23), "1".repeat(19))) {
      assertThatThrownBy(() -> trail.page(bad, 10))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("epoch ms or an entry id");
    }
  }

  @Test
  void entriesOlderThanTheRetentionGoAndOnesExactlyThatOldStay() {
    long cutoff = NOW - AGE.toMillis();
    trail.append(List.of(at(cutoff - 1, "older"), at(cutoff, "exactly"), at(NOW, "new")));

    assertThat(trail.sweep(AGE, 100, () -> NOW)).isEqualTo(1);

    assertThat(targets(trail.page(null, 10))).containsExactly("exactly", "new");
    assertThat(trail.count()).isEqualTo(2);
  }

  @Test
  void theOldestEntriesPastTheCountGo() {
    trail.append(IntStream.range(0, 5).mapToObj(i -> at(NOW + i, "t" + i)).toList());

    assertThat(trail.sweep(AGE, 5, () -> NOW)).isZero(); // at the limit: nothing goes
    assertThat(trail.sweep(AGE, 4, () -> NOW)).isEqualTo(1); // one past it: the oldest goes

    assertThat(targets(trail.page(null, 10))).containsExactly("t1", "t2", "t3", "t4");
    assertThat(trail.count()).isEqualTo(4);
  }

  @Test
  void aSweepRemovesMoreThanOnePageOfEntries() {
    trail.append(IntStream.range(0, 2_500).mapToObj(i -> at(i, "t" + i)).toList());

    assertThat(trail.sweep(AGE, 1_000, () -> NOW + 1_000_000)).isEqualTo(2_500);
    assertThat(trail.count()).isZero();
    trail.append(IntStream.range(0, 2_500).mapToObj(i -> at(NOW + i, "t" + i)).toList());
    assertThat(trail.sweep(AGE, 100, () -> NOW)).isEqualTo(2_400);
    assertThat(targets(trail.page(null, 1)).get(0)).isEqualTo("t2400");
  }
}
