package io.eventide.dispatcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationResult;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WorkerPool} against real gRPC servers on 127.0.0.1 standing in for workers. */
class WorkerPoolTest {
  private static final InvocationBatch BATCH =
      InvocationBatch.newBuilder()
          .addInvocations(
              Invocation.newBuilder()
                  .setTarget(Address.newBuilder().setNamespace("ns").setType("t").setId("x")))
          .build();

  private final List<Server> servers = new ArrayList<>();
  private final Map<String, Member> workers = new HashMap<>();
  private WorkerPool pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void batchesSpreadOverTheWorkersAndOneThatFailsCostsARetryOnAnother() throws Exception {
    Worker good = worker("good", Behaviour.ANSWER);
    Worker broken = worker("broken", Behaviour.FAIL);
    pool = pool(Duration.ofSeconds(5));

    for (int i = 0; i < 20; i++) {
      InvocationBatchResult result = pool.invoke(BATCH).get(10, TimeUnit.SECONDS);
      assertThat(result.getResults(0).getHandled()).isEqualTo(1);
    }

    assertThat(good.calls.get()).isEqualTo(20);
    assertThat(broken.calls.get()).as("tried, then kept away by its circuit").isBetween(1, 19);
  }

  @Test
  void aWorkerThatDoesNotAnswerInTimeCostsItsDeadlineThenAnotherWorker() throws Exception {
    Worker slow = worker("slow", Behaviour.HANG);
    Worker good = worker("good", Behaviour.ANSWER);
    pool = pool(Duration.ofMillis(300));

    // Idle workers tie and ties are broken at random, so six calls left the hung worker untried
    // one time in 64; calls go on until it has been tried (40 leave a chance of 2^-40 it is not).
    int calls = 0;
    while (calls < 6 || slow.calls.get() == 0 && calls < 40) {
      assertThat(pool.invoke(BATCH).get(10, TimeUnit.SECONDS).getResultsCount()).isEqualTo(1);
      calls++;
    }
    assertThat(slow.calls.get())
        .as("the least busy worker is chosen, and a hung one stays busy")
        .isGreaterThan(0);
    assertThat(good.calls.get())
        .as("every call answered by the good worker, after the hung one's deadline")
        .isEqualTo(calls);
  }

  @Test
  void withoutALiveWorkerABatchFailsAndTheShardRetriesIt() {
    pool = pool(Duration.ofSeconds(1));

    assertThatThrownBy(() -> pool.invoke(BATCH).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("no worker is live");
  }

  private WorkerPool pool(Duration invokeTimeout) {
    Snapshot snapshot = new Snapshot(Map.of(), Map.copyOf(workers), Map.of(), Map.of());
    return new WorkerPool(
        () -> snapshot, RemoteOptions.defaults().withInvokeTimeout(invokeTimeout));
  }

  private enum Behaviour {
    ANSWER,
    FAIL,
    HANG
  }

  private Worker worker(String id, Behaviour behaviour) throws IOException {
    Worker w = new Worker();
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(
                new FunctionRuntimeGrpc.FunctionRuntimeImplBase() {
                  @Override
                  public void invoke(
                      InvocationBatch request, StreamObserver<InvocationBatchResult> out) {
                    w.calls.incrementAndGet();
                    switch (behaviour) {
                      case ANSWER -> {
                        out.onNext(
                            InvocationBatchResult.newBuilder()
                                .addResults(
                                    InvocationResult.newBuilder()
                                        .setTarget(request.getInvocations(0).getTarget())
                                        .setHandled(1))
                                .build());
                        out.onCompleted();
                      }
                      case FAIL ->
                          out.onError(
                              Status.INTERNAL
                                  .withDescription("worker crashed")
                                  .asRuntimeException());
                      case HANG -> {} // never answers: the caller's deadline ends it
                    }
                  }
                })
            .build()
            .start();
    servers.add(server);
    workers.put(id, new Member(id, "127.0.0.1:" + server.getPort(), Long.MAX_VALUE));
    return w;
  }

  private static final class Worker {
    final AtomicInteger calls = new AtomicInteger();
  }
}
