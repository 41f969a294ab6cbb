package io.eventide.dispatcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.dispatcher.internal.remote.IngressCodec;
import io.eventide.protocol.CallRequest;
import io.eventide.protocol.CallResponse;
import io.eventide.protocol.DispatchGrpc;
import io.eventide.protocol.IngressRequest;
import io.eventide.protocol.SendResponse;
import io.eventide.store.StoreException;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RoutedIngress} against real gRPC servers on 127.0.0.1 that stand in for dispatchers: where
 * a request goes, when it is sent again, and what the circuit breakers count.
 */
class RoutedIngressTest {
  private static final int GROUPS = 16;
  private static final IngressMessage UNKEYED = message(null);
  private static final int GROUP = KeyGroups.of("ns", "t", "x", GROUPS);

  private final List<Server> servers = new ArrayList<>();
  private final Map<String, Member> dispatchers = new HashMap<>();
  private RoutedIngress ingress;

  /** Released when the test ends, or by the test: what a frozen stand-in waits for. */
  private final CountDownLatch frozen = new CountDownLatch(1);

  @AfterEach
  void stop() {
    frozen.countDown();
    if (ingress != null) {
      ingress.close();
    }
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void aNotOwnerAnswerSendsTheRetryToTheHolderItNamesAndIsNoFailureOfThePeer() throws Exception {
    Dispatcher b = dispatcher("b", request -> null);
    Dispatcher a = dispatcher("a", request -> DispatcherException.notOwner("moved", b.endpoint));
    ingress = ingress("a");

    for (int i = 0; i < 12; i++) {
      SendReceipt receipt = ingress.sendAsync(UNKEYED).join();
      assertThat(receipt.messageId()).isEqualTo("from-b");
    }

    // Twelve "not owner" answers are twelve answers: a's circuit stays closed and it is still
    // asked first, as the directory says it holds the group.
    assertThat(a.calls.get()).isEqualTo(12);
    assertThat(b.calls.get()).isEqualTo(12);
  }

  @Test
  void aHintNamingADispatcherThatDisownedTheCallIsFollowedSinceItMayHaveTakenTheGroupSince()
      throws Exception {
    int dead;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = socket.getLocalPort(); // closed again below: the holder was killed
    }
    dispatchers.put("a", new Member("a", "127.0.0.1:" + dead, Long.MAX_VALUE));
    Map<String, Dispatcher> live = new HashMap<>();
    for (String id : List.of("b", "c")) {
      // Asked first, each names the other (it took the group a moment later); then it serves.
      live.put(
          id,
          dispatcher(
              id,
              request -> null,
              call ->
                  live.get(id).calls.get() == 1
                      ? DispatcherException.notOwner("moved", live.get(other(id)).endpoint)
                      : null));
    }
    ingress = ingress("a");

    CallReply reply = ingress.callAsync(message("k"), Duration.ofSeconds(5)).join();

    String first = live.get("b").calls.get() == 2 ? "b" : "c";
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("from-" + first);
    assertThat(live.get(other(first)).calls.get()).isEqualTo(1);
    // What the second was told not to name: the dead holder, and the first, which disowned the
    // call; only a taking after the call arrived lets it name the first after all (HolderWait).
    assertThat(live.get(other(first)).notHolders)
        .containsExactly(Set.of("127.0.0.1:" + dead, live.get(first).endpoint));
  }

  private static String other(String id) {
    return id.equals("b") ? "c" : "b";
  }

  @Test
  void anAmbiguousFailureResendsOnlyARequestWithAnIdempotencyKeyUntilThePeersCircuitOpens()
      throws Exception {
    Dispatcher a =
        dispatcher(
            "a",
            request -> Status.UNAVAILABLE.withDescription("reset mid-call").asRuntimeException());
    ingress = ingress("a");

    assertThatThrownBy(() -> ingress.sendAsync(UNKEYED).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(DispatcherException.class)
        .satisfies(
            e -> assertThat(((DispatcherException) e).code()).isEqualTo(Code.OUTCOME_UNKNOWN));
    assertThat(a.calls.get())
        .as("the message may be in an inbox: not sent again without a key")
        .isEqualTo(1);

    a.calls.set(0);
    assertThatThrownBy(() -> ingress.sendAsync(message("k1")).join())
        .isInstanceOf(CompletionException.class);
    // A keyed request is deduplicated, so it is sent again; its second failure is a's third in a
    // row, which opens a's circuit: the last two attempts do not reach it.
    assertThat(a.calls.get()).isEqualTo(2);

    a.calls.set(0);
    assertThatThrownBy(() -> ingress.sendAsync(message("k2")).join())
        .cause()
        .hasMessageContaining("no dispatcher is reachable");
    assertThat(a.calls.get()).as("calls kept away while the circuit is open").isZero();
  }

  @Test
  void aRefusedConnectionGoesOnToAnotherDispatcherEvenWithoutAKey() throws Exception {
    Dispatcher b = dispatcher("b", request -> null);
    int dead;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = socket.getLocalPort(); // closed again below: nothing listens there
    }
    dispatchers.put("a", new Member("a", "127.0.0.1:" + dead, Long.MAX_VALUE));
    ingress = ingress("a");

    assertThat(ingress.sendAsync(UNKEYED).join().messageId()).isEqualTo("from-b");
    assertThat(b.calls.get()).isEqualTo(1);
  }

  @Test
  void aDispatcherAnswerPassesThroughUnchanged() throws Exception {
    dispatcher("a", request -> new DispatcherException(Code.OVERLOADED, "key group 3 is full"));
    ingress = ingress("a");

    assertThatThrownBy(() -> ingress.sendAsync(message("k2")).join())
        .cause()
        .isInstanceOf(DispatcherException.class)
        .hasMessage("key group 3 is full")
        .satisfies(e -> assertThat(((DispatcherException) e).code()).isEqualTo(Code.OVERLOADED));
  }

  @Test
  void aCommitWhoseAnswerWasLostIsAnUnknownOutcomeNeverARefusalTheClientWouldResend()
      throws Exception {
    Dispatcher a =
        dispatcher(
            "a",
            request -> new StoreException(StoreException.Code.COMMIT_UNKNOWN, "no answer in 10 s"));
    ingress = ingress("a");

    assertThatThrownBy(() -> ingress.sendAsync(UNKEYED).join())
        .cause()
        .isInstanceOf(DispatcherException.class)
        .satisfies(
            e -> {
              DispatcherException failure = (DispatcherException) e;
              assertThat(failure.code()).isEqualTo(Code.OUTCOME_UNKNOWN);
              assertThat(failure.refused()).isFalse();
              assertThat(failure.getMessage()).contains("only with idempotency keys");
            });
    assertThat(a.calls.get()).as("it may have been committed: not sent again").isEqualTo(1);
  }

  @Test
  void aStoreFailureThatWroteNothingIsARefusalSentAgainEvenWithoutAKey() throws Exception {
    AtomicInteger conflicts = new AtomicInteger(1);
    Dispatcher a =
        dispatcher(
            "a",
            request ->
                conflicts.getAndDecrement() > 0
                    ? new StoreException(StoreException.Code.CONFLICT, "retries spent")
                    : null);
    ingress = ingress("a");

    assertThat(ingress.sendAsync(UNKEYED).join().messageId()).isEqualTo("from-a");
    assertThat(a.calls.get()).isEqualTo(2);
  }

  @Test
  void aCallWaitingAtADispatcherWhoseHeartbeatRanOutGoesToTheGroupsNewHolder() throws Exception {
    Dispatcher a = dispatcher("a", request -> hang(), call -> hang());
    Dispatcher b = dispatcher("b", request -> null);
    AtomicReference<Snapshot> directory = new AtomicReference<>(snapshot("a"));
    ingress = ingress(directory);
    CompletableFuture<CallReply> reply = ingress.callAsync(message("k"), Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.calls.get() == 1);

    directory.set(heartbeatRanOut(a, "b"));
    ingress.observe(directory.get());

    // Not cancelled, it would wait for its deadline: the call's 5 s and the request timeout's 5 s.
    CallReply answered = reply.get(4, TimeUnit.SECONDS);
    assertThat(new String(answered.payload(), StandardCharsets.UTF_8)).isEqualTo("from-b");
    assertThat(a.calls).hasValue(1);
  }

  @Test
  void aSendWithoutAKeyWaitingThereIsAnsweredAnUnknownOutcomeAtOnceAndNotSentAgain()
      throws Exception {
    Dispatcher a = dispatcher("a", request -> hang());
    Dispatcher b = dispatcher("b", request -> null);
    AtomicReference<Snapshot> directory = new AtomicReference<>(snapshot("a"));
    CompletableFuture<SendReceipt> receipt = unkeyedSendWaitingAt(a, directory);

    directory.set(heartbeatRanOut(a, "b"));
    ingress.observe(directory.get());

    assertThatThrownBy(() -> receipt.get(4, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(DispatcherException.class)
        .hasMessageContaining("heartbeat ran out")
        .satisfies(
            e -> assertThat(((DispatcherException) e).code()).isEqualTo(Code.OUTCOME_UNKNOWN));
    assertThat(b.calls).as("it may be in a's inbox: not sent again without a key").hasValue(0);
  }

  @Test
  void aRequestWaitingAtADispatcherThatLeftCleanlyIsAnsweredByIt() throws Exception {
    Dispatcher a = dispatcher("a", request -> hang());
    Dispatcher b = dispatcher("b", request -> null);
    AtomicReference<Snapshot> directory = new AtomicReference<>(snapshot("a"));
    CompletableFuture<SendReceipt> receipt = unkeyedSendWaitingAt(a, directory);

    // A clean leave removes the member's record: gone from the directory, but not expired.
    directory.set(
        new Snapshot(Map.of("b", dispatchers.get("b")), Map.of(), Map.of(GROUP, "b"), Map.of()));
    ingress.observe(directory.get());
    frozen.countDown();

    assertThat(receipt.get(10, TimeUnit.SECONDS).messageId()).isEqualTo("from-a");
    assertThat(b.calls).hasValue(0);
  }

  /** A send without a key, started through a fresh ingress and arrived at the frozen {@code a}. */
  private CompletableFuture<SendReceipt> unkeyedSendWaitingAt(
      Dispatcher a, AtomicReference<Snapshot> directory) {
    ingress = ingress(directory);
    CompletableFuture<SendReceipt> receipt = ingress.sendAsync(UNKEYED);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.calls.get() == 1);
    return receipt;
  }

  /** The directory once {@code dead}'s heartbeat ran out and {@code successor} took its group. */
  private Snapshot heartbeatRanOut(Dispatcher dead, String successor) {
    return new Snapshot(
        Map.of(successor, dispatchers.get(successor)),
        Map.of(),
        Map.of(GROUP, successor),
        Map.of(),
        Set.of(dead.endpoint));
  }

  /** A dispatcher that answers nothing until the test ends, as a frozen process. */
  private Exception hang() {
    try {
      frozen.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private Snapshot snapshot(String owner) {
    return new Snapshot(Map.copyOf(dispatchers), Map.of(), Map.of(GROUP, owner), Map.of());
  }

  private RoutedIngress ingress(AtomicReference<Snapshot> directory) {
    RemoteOptions options = RemoteOptions.defaults().withRequestTimeout(Duration.ofSeconds(5));
    return new RoutedIngress(directory::get, () -> {}, GROUPS, options);
  }

  private RoutedIngress ingress(String owner) {
    Snapshot snapshot =
        new Snapshot(Map.copyOf(dispatchers), Map.of(), Map.of(GROUP, owner), Map.of());
    RemoteOptions options = RemoteOptions.defaults().withRequestTimeout(Duration.ofSeconds(5));
    return new RoutedIngress(() -> snapshot, () -> {}, GROUPS, options);
  }

  private static IngressMessage message(String key) {
    return new IngressMessage(
        "ns",
        "t",
        "x",
        "1".getBytes(StandardCharsets.UTF_8),
        "application/json",
        IngressMessage.INGESTION_TIME,
        key);
  }

  /**
   * A stand-in dispatcher: {@code answer} gives the failure to send for a request, or null for
   * success.
   */
  private Dispatcher dispatcher(String id, Function<IngressRequest, Exception> answer)
      throws IOException {
    return dispatcher(id, answer, call -> answer.apply(call.getMessage()));
  }

  /** A stand-in that answers calls with {@code callAnswer}, recording each call's not-holders. */
  private Dispatcher dispatcher(
      String id,
      Function<IngressRequest, Exception> answer,
      Function<CallRequest, Exception> callAnswer)
      throws IOException {
    Dispatcher d = new Dispatcher();
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(
                new DispatchGrpc.DispatchImplBase() {
                  @Override
                  public void send(IngressRequest request, StreamObserver<SendResponse> out) {
                    d.calls.incrementAndGet();
                    Exception failure = answer.apply(request);
                    if (failure == null) {
                      out.onNext(SendResponse.newBuilder().setMessageId("from-" + id).build());
                      out.onCompleted();
                    } else {
                      out.onError(
                          failure instanceof StatusRuntimeException
                              ? failure
                              : IngressCodec.status(failure));
                    }
                  }

                  @Override
                  public void call(CallRequest request, StreamObserver<CallResponse> out) {
                    d.calls.incrementAndGet();
                    d.notHolders.add(Set.copyOf(request.getNotHoldersList()));
                    Exception failure = callAnswer.apply(request);
                    if (failure == null) {
                      out.onNext(
                          IngressCodec.response(
                              new CallReply(
                                  ("from-" + id).getBytes(StandardCharsets.UTF_8), "text/plain")));
                      out.onCompleted();
                    } else {
                      out.onError(IngressCodec.status(failure));
                    }
                  }
                })
            .build()
            .start();
    servers.add(server);
    d.endpoint = "127.0.0.1:" + server.getPort();
    dispatchers.put(id, new Member(id, d.endpoint, Long.MAX_VALUE));
    return d;
  }

  private static final class Dispatcher {
    final AtomicInteger calls = new AtomicInteger();
    final List<Set<String>> notHolders = new java.util.concurrent.CopyOnWriteArrayList<>();
    String endpoint;
  }
}
