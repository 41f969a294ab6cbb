package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.cluster.RoutedIngress;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's {@link RoutedIngress} and a dispatcher on the real store behind a real gRPC server: a
 * key reused for a different request reaches the gateway as {@code IDEMPOTENCY_KEY_MISMATCH}, for a
 * batch with the events it concerns, and is not retried.
 */
class IdempotencyOverGrpcIT {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  Store store;
  TestWorker worker;
  Dispatcher dispatcher;
  Server server;
  RoutedIngress ingress;

  @BeforeEach
  void start() throws IOException {
    store = Stores.rocksdb(dir);
    worker = new TestWorker().registerCounter("t/counter");
    dispatcher =
        new Dispatcher(
            DispatcherConfig.defaults("d").withKeyGroups(16),
            store,
            new Keyspace("test"),
            worker,
            new SimpleMeterRegistry());
    dispatcher.start();
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(new DispatchService(dispatcher))
            .build()
            .start();
    // No owners: the directory's one live dispatcher takes every request.
    Snapshot directory =
        new Snapshot(
            Map.of("d", new Member("d", "127.0.0.1:" + server.getPort(), Long.MAX_VALUE)),
            Map.of(),
            Map.of(),
            Map.of());
    ingress = new RoutedIngress(() -> directory, () -> {}, 16, RemoteOptions.defaults());
  }

  @AfterEach
  void stop() {
    ingress.close();
    server.shutdownNow();
    dispatcher.close();
    worker.close();
    store.close();
  }

  static IngressMessage msg(String id, String body, String key) {
    return new IngressMessage(
        "t",
        "counter",
        id,
        body.getBytes(StandardCharsets.UTF_8),
        "application/json",
        IngressMessage.INGESTION_TIME,
        key);
  }

  static DispatcherException failure(Throwable thrown) {
    assertThat(thrown.getCause()).isInstanceOf(DispatcherException.class);
    return (DispatcherException) thrown.getCause();
  }

  @Test
  void aSendOrCallReusingAKeyIsRefusedWithItsCode() {
    ingress.sendAsync(msg("a", "1", "K")).join();
    assertThat(ingress.callAsync(msg("b", "1", "K"), WAIT).join().payload())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("1");

    assertThatThrownBy(() -> ingress.sendAsync(msg("a", "2", "K")).join())
        .satisfies(e -> assertThat(failure(e).code()).isEqualTo(Code.IDEMPOTENCY_KEY_MISMATCH))
        .hasMessageContaining(
            "idempotency key 'K' was used before with a different request to t/counter/a");
    assertThatThrownBy(() -> ingress.callAsync(msg("b", "2", "K"), WAIT).join())
        .satisfies(e -> assertThat(failure(e).code()).isEqualTo(Code.IDEMPOTENCY_KEY_MISMATCH));
    assertThat(ingress.sendAsync(msg("a", "1", "K")).join().duplicate()).isTrue();
  }

  @Test
  void aBatchFailureNamesItsEventsAcrossTheHopUpToItsLimit() {
    List<IngressMessage> first = new ArrayList<>();
    IntStream.range(0, 150).forEach(i -> first.add(msg("e" + i, "1", "k" + i)));
    ingress.ingestAsync("s", first).join();

    List<IngressMessage> retry = new ArrayList<>();
    retry.add(msg("fresh", "1", null));
    IntStream.range(0, 150).forEach(i -> retry.add(msg("e" + i, "2", "k" + i)));
    assertThatThrownBy(() -> ingress.ingestAsync("s", retry).join())
        .satisfies(
            e -> {
              DispatcherException mismatch = failure(e);
              assertThat(mismatch.code()).isEqualTo(Code.IDEMPOTENCY_KEY_MISMATCH);
              assertThat(mismatch.eventCount()).isEqualTo(150);
              assertThat(mismatch.events())
                  .hasSize(DispatcherException.MAX_NAMED_EVENTS)
                  .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
            });
    assertThat(ingress.callAsync(msg("fresh", "0", null), WAIT).join().payload())
        .as("the other event of the batch was applied")
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("1");
  }
}
