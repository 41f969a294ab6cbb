package io.eventide.store.remote;

import static io.eventide.store.remote.RemoteAssertions.NO_HANG;
import static io.eventide.store.remote.RemoteAssertions.assertCode;
import static io.eventide.store.remote.RemoteAssertions.bytes;
import static io.eventide.store.remote.RemoteAssertions.failureCode;
import static io.eventide.store.remote.RemoteAssertions.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.store.KeyValue;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's sessions: bounded, released when abandoned, ended by a shutdown. */
class RemoteStoreSessionTest {
  @TempDir Path dir;

  @Test
  void anAbandonedTransactionIsReleasedAfterTheSessionTimeout() {
    RemoteStoreServerOptions server =
        RemoteStoreServerOptions.defaults()
            .withSessionTimeout(Duration.ofMillis(300))
            .withMaxSessions(1);
    try (ServedStore served =
        ServedStore.serve(Stores.rocksdb(dir), server, RemoteStoreOptions.defaults())) {
      Transaction abandoned = served.begin(); // never committed nor closed, as by a crashed client
      abandoned.set(key("k"), bytes("v"));
      assertThat(served.server().openSessions()).isEqualTo(1);

      await().atMost(NO_HANG).until(() -> served.server().openSessions() == 0);

      try (Transaction next = served.begin()) { // the only session slot is free again
        assertThat(next.get(key("k"))).isNull();
      }
      assertThat(failureCode(abandoned.commitAsync())).isEqualTo(Code.TOO_OLD);
    }
  }

  @Test
  void anInterceptorOfTheOptionsSeesEveryCall() {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    ServerInterceptor counting =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            seen.merge(call.getMethodDescriptor().getBareMethodName(), 1, Integer::sum);
            return next.startCall(call, headers);
          }
        };
    RemoteStoreServerOptions server = RemoteStoreServerOptions.defaults().withInterceptor(counting);
    try (ServedStore served =
        ServedStore.serve(Stores.rocksdb(dir), server, RemoteStoreOptions.defaults())) {
      try (Transaction tx = served.begin()) {
        assertThat(tx.get(key("k"))).isNull();
        tx.set(key("k"), bytes("v"));
        tx.commitAsync().join();
      }
      for (String method : List.of("Begin", "Commit")) {
        assertThat(seen.get(method))
            .as(method)
            .isEqualTo((int) served.server().callsServed(method));
      }
      assertThat(seen.get("Commit")).isEqualTo(1);
    }
  }

  @Test
  void aFullServerRefusesBeginsWithUnavailableUntilASessionEnds() {
    RemoteStoreServerOptions server = RemoteStoreServerOptions.defaults().withMaxSessions(2);
    try (ServedStore served =
        ServedStore.serve(Stores.rocksdb(dir), server, RemoteStoreOptions.defaults())) {
      Transaction first = served.begin();
      try (Transaction second = served.begin()) {
        assertThatThrownBy(served::begin)
            .isInstanceOfSatisfying(
                StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE))
            .hasMessageContaining("too many open transactions (2)");

        first.close();
        await().atMost(NO_HANG).until(() -> served.server().openSessions() == 1);
        try (Transaction third = served.begin()) {
          assertThat(third.readVersion()).isEqualTo(second.readVersion());
        }
      }
    }
  }

  @Test
  void aTransactionBegunForWritesOpensItsSessionOnlyWhenItReadsOrCommits() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      try (Transaction writer = served.client().beginWrites()) {
        writer.set(key("w"), bytes("v"));
        writer.requireValue(key("fence"), null);
        assertThat(served.server().openSessions()).isZero();
        writer.commitAsync().join(); // its session is begun and committed by the one call
      }
      try (Transaction fenced = served.client().beginWrites()) {
        fenced.set(key("w"), bytes("lost"));
        fenced.requireValue(key("fence"), bytes("other"));
        assertThat(failureCode(fenced.commitAsync())).isEqualTo(Code.FENCED);
      }
      byte[] large =
          new byte[90_000]; // 14 of them: more than one write batch, applied to a session first
      try (Transaction big = served.client().beginWrites()) {
        for (int i = 0; i < 14; i++) {
          big.set(key("large" + i), large);
        }
        big.commitAsync().join();
      }
      try (Transaction reader = served.client().beginWrites()) {
        assertThat(reader.get(key("w"))).isEqualTo(bytes("v")); // the first read opens the session
        assertThat(served.server().openSessions()).isEqualTo(1);
        for (int i = 0; i < 14; i++) {
          assertThat(reader.get(key("large" + i))).hasSize(large.length);
        }
      }
      await().atMost(NO_HANG).until(() -> served.server().openSessions() == 0);
    }
  }

  @Test
  void aLazyTransactionBeginsItsSessionWithItsFirstRangesReadOrNever() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      try (Transaction tx = served.begin()) {
        tx.set(key("a"), bytes("1"));
        tx.set(key("b"), bytes("2"));
        tx.commitAsync().join();
      }
      long begins = served.server().callsServed("Begin");
      Transaction idle = served.client().beginLazily();
      idle.close();
      assertThat(served.server().openSessions()).isZero(); // it read nothing: it opened nothing
      try (Transaction reader = served.client().beginLazily()) {
        List<List<KeyValue>> read =
            reader.snapshot().getRanges(List.of(prefix("a"), prefix("b")), 0);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).get(0).value()).isEqualTo(bytes("1"));
        assertThat(read.get(1).get(0).value()).isEqualTo(bytes("2"));
        assertThat(served.server().openSessions()).isEqualTo(1);
        reader.set(key("c"), bytes("3")); // later calls go to the session the read began
        assertThat(reader.get(key("c"))).isEqualTo(bytes("3"));
        assertThat(reader.snapshot().getRanges(List.<byte[][]>of(prefix("c")), 0).get(0))
            .hasSize(1);
      }
      assertThat(served.server().callsServed("Begin")).isEqualTo(begins);
      await().atMost(NO_HANG).until(() -> served.server().openSessions() == 0);
    }
  }

  @Test
  void aRunnersBodyThatOnlyWritesCostsItsCommitAndOneThatReadsStillConflicts() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir));
        TransactionRunner runner = new TransactionRunner(served.client())) {
      long begins = served.server().callsServed("Begin");
      long commits = served.server().callsServed("Commit");

      runner.run( // a heartbeat's blind write
          tx -> {
            tx.add(key("beats"), 1);
            return null;
          });

      assertThat(served.server().callsServed("Begin")).isEqualTo(begins);
      assertThat(served.server().callsServed("Commit")).isEqualTo(commits + 1);

      // A read-modify-write begun lazily still reads at a snapshot and retries when another
      // commit lands between its read and its commit.
      int[] attempts = {0};
      long seen =
          runner.run(
              tx -> {
                byte[] before = tx.get(key("beats"));
                if (attempts[0]++ == 0) {
                  try (Transaction other = served.begin()) {
                    other.add(key("beats"), 1);
                    other.commitAsync().join();
                  }
                }
                tx.set(key("copy"), before);
                return ByteBuffer.wrap(before).order(ByteOrder.LITTLE_ENDIAN).getLong();
              });

      assertThat(attempts[0]).isEqualTo(2);
      assertThat(seen).isEqualTo(2);
    }
  }

  private static byte[][] prefix(String name) {
    byte[] begin = key(name);
    return new byte[][] {begin, io.eventide.store.keyspace.Keyspace.end(begin)};
  }

  @Test
  void closingTheServerEndsEveryOpenSession() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      Transaction a = served.begin();
      Transaction b = served.begin();
      assertThat(served.server().openSessions()).isEqualTo(2);

      served.server().close();

      assertThat(served.server().openSessions()).isZero();
      assertCode(() -> a.get(key("k")), Code.UNAVAILABLE);
      b.close();
    }
  }
}
