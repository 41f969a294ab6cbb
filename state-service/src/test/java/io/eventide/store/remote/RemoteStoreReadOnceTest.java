package io.eventide.store.remote;

import static io.eventide.store.remote.RemoteAssertions.bytes;
import static io.eventide.store.remote.RemoteAssertions.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Store.readRanges} on the remote backend: one call, no session kept, the same answer. */
class RemoteStoreReadOnceTest {
  @TempDir Path dir;

  @Test
  void aReadOnceIsOneCallThatLeavesNoSessionAndReadsWhatATransactionReads() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      try (Transaction tx = served.begin()) {
        for (String k : List.of("a1", "a2", "a3", "b1")) {
          tx.set(key(k), bytes("v-" + k));
        }
        tx.commitAsync().join();
      }
      List<byte[][]> ranges = List.of(range("a", "b"), range("b", "c"), range("c", "d"));
      RemoteStoreServer server = served.server();
      long begins = server.callsServed("Begin");
      long reads = server.callsServed("GetRanges");
      long releases = server.callsServed("Release");

      List<List<KeyValue>> once = served.client().readRanges(ranges, 2);

      assertThat(server.callsServed("GetRanges")).isEqualTo(reads + 1);
      assertThat(server.callsServed("Begin")).isEqualTo(begins);
      assertThat(server.callsServed("Release")).isEqualTo(releases);
      assertThat(server.openSessions()).isZero();
      assertThat(strings(once)).isEqualTo(List.of(List.of("a1", "a2"), List.of("b1"), List.of()));
      try (Transaction tx = served.client().beginLazily()) {
        assertThat(strings(once)).isEqualTo(strings(tx.snapshot().getRanges(ranges, 2)));
      }
      assertThat(strings(served.client().readPrefixes(List.of(Tuple.from("remote-test").pack()))))
          .isEqualTo(List.of(List.of("a1", "a2", "a3", "b1")));
    }
  }

  @Test
  void moreRangesThanOneCallCarriesAreReadFromOneSnapshotAllTheSame() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      try (Transaction tx = served.begin()) {
        tx.set(key("k0"), bytes("v"));
        tx.commitAsync().join();
      }
      List<byte[][]> ranges = new ArrayList<>();
      for (int i = 0; i <= RemoteTransaction.RANGES_PER_CALL; i++) { // one past a call's ranges
        ranges.add(range("k" + i, "k" + i + "~"));
      }
      List<List<KeyValue>> read = served.client().readRanges(ranges, 0);
      assertThat(read).hasSize(RemoteTransaction.RANGES_PER_CALL + 1);
      assertThat(read.get(0)).hasSize(1);
      assertThat(read.subList(1, read.size())).allMatch(List::isEmpty);
      assertThat(served.server().openSessions()).isZero();
    }
  }

  private static byte[][] range(String from, String to) {
    return new byte[][] {key(from), key(to)};
  }

  private static List<List<String>> strings(List<List<KeyValue>> read) {
    List<List<String>> out = new ArrayList<>();
    for (List<KeyValue> range : read) {
      out.add(range.stream().map(kv -> Tuple.fromBytes(kv.key()).getString(1)).toList());
    }
    return out;
  }
}
