package io.eventide.dispatcher.internal.egress;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.testing.TestSink;
import io.eventide.protocol.Address;
import io.eventide.protocol.OutboxRecord;
import io.eventide.protocol.Payload;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A figure, not a check: records per second from the outbox to a webhook on 127.0.0.1 (the JDK
 * server, answering 200 at once). Run alone: {@code mvn -pl dispatcher -am verify -Dtest=none
 * -Dit.test=HttpEgressThroughput -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HttpEgressThroughput {
  static final int RECORDS = Integer.getInteger("records", 20_000);

  @TempDir Path dir;

  @Test
  void deliverToAWebhook() throws Exception {
    Keyspace keyspace = new Keyspace("bench");
    try (Store store = Stores.rocksdb(dir);
        TransactionRunner runner = new TransactionRunner(store);
        TestSink sink = new TestSink()) {
      for (int from = 0; from < RECORDS; from += 1_000) {
        int first = from;
        runner.run(
            tx -> {
              for (int i = first; i < Math.min(first + 1_000, RECORDS); i++) {
                tx.setVersionstampedKey(
                    keyspace.outbox("bench"),
                    i - first,
                    new byte[0],
                    OutboxRecord.newBuilder()
                        .setPayload(
                            Payload.newBuilder()
                                .setContentType("application/json")
                                .setData(
                                    ByteString.copyFromUtf8(
                                        "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(80) + "\"}")))
                        .setEventTime(i)
                        .setRecordId("r" + i)
                        .setSender(
                            Address.newBuilder().setNamespace("b").setType("t").setId("s" + i % 8))
                        .build()
                        .toByteArray());
              }
              return null;
            });
      }
      LeaseTable leases = new LeaseTable(keyspace, "bench", 8);
      leases.acquireAll(runner);
      StoredEgresses egresses = new StoredEgresses(store, keyspace, System::currentTimeMillis);
      try (Deliverers deliverers =
          new Deliverers(
              store, keyspace, leases, 8, new Sinks(store, keyspace), new SimpleMeterRegistry())) {
        long start = System.nanoTime();
        egresses.create(EgressSpec.http("bench", sink.url(), Map.of(), null));
        deliverers.start();
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> sink.applied().size() == RECORDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "http egress: %d records in %.2f s = %.0f records/s%n",
            RECORDS, seconds, RECORDS / seconds);
      }
    }
  }
}
