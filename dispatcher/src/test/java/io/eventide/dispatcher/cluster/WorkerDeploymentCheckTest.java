package io.eventide.dispatcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.JarValidator;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.protocol.Registrations;
import io.eventide.worker.DeploymentCheckService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway's deployment check against the workers' real {@link DeploymentCheckService} on
 * 127.0.0.1, each with a stand-in for its jar loading.
 */
class WorkerDeploymentCheckTest {
  private static final byte[] JAR = {'P', 'K', 3, 4};
  private static final Registrations COUNTER =
      Registrations.newBuilder().addFunctions("acme/counter").build();

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, Member> workers = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    for (AutoCloseable closeable : started) {
      closeable.close();
    }
  }

  /** A live worker whose jar loading is {@code validator}; counts the checks it is asked for. */
  private AtomicInteger worker(String name, JarValidator validator) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    DeploymentCheckService service =
        new DeploymentCheckService(
            (id, jar) -> {
              calls.incrementAndGet();
              return validator.validate(id, jar);
            });
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(service)
            .build()
            .start();
    started.add(service);
    started.add(server::shutdownNow);
    workers.put(name, new Member(name, "127.0.0.1:" + server.getPort(), Long.MAX_VALUE));
    return calls;
  }

  /** A worker the directory still lists whose process is gone: nothing listens at its port. */
  private void deadWorker(String name) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      workers.put(name, new Member(name, "127.0.0.1:" + socket.getLocalPort(), Long.MAX_VALUE));
    }
  }

  private WorkerDeploymentCheck check(Duration timeout) {
    WorkerDeploymentCheck check =
        new WorkerDeploymentCheck(
            () -> new Snapshot(Map.of(), Map.copyOf(workers), Map.of(), Map.of()),
            RemoteOptions.defaults(),
            timeout);
    started.add(check);
    return check;
  }

  @Test
  void aLiveWorkerTellsWhatTheJarRegisters() throws Exception {
    AtomicInteger calls =
        worker(
            "w1",
            (id, jar) -> {
              assertThat(id).isEqualTo("d-1");
              assertThat(jar).isEqualTo(JAR);
              return COUNTER;
            });

    assertThat(check(Duration.ofSeconds(10)).validate("d-1", JAR)).isEqualTo(COUNTER);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void withoutALiveWorkerTheCheckIsUnavailable() {
    assertThatThrownBy(() -> check(Duration.ofSeconds(10)).validate("d-1", JAR))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE))
        .hasMessageContaining("no worker is live to check the jar");
  }

  @Test
  void aRefusalIsTheAnswerAsTheWorkerGaveItAndNoOtherWorkerIsAsked() throws Exception {
    JarValidator broken =
        (id, jar) -> {
          throw new DeploymentException(
              Code.INVALID_JAR, "loading the jar's modules failed: IllegalStateException: boom");
        };
    AtomicInteger first = worker("w1", broken);
    AtomicInteger second = worker("w2", broken);

    assertThatThrownBy(() -> check(Duration.ofSeconds(10)).validate("d-1", JAR))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.INVALID_JAR))
        .hasMessage("loading the jar's modules failed: IllegalStateException: boom");
    assertThat(first.get() + second.get()).isEqualTo(1);
  }

  @Test
  void aWorkerThatCannotBeReachedIsReplacedByALiveOne() throws Exception {
    deadWorker("gone");
    worker("w1", (id, jar) -> COUNTER);
    WorkerDeploymentCheck check = check(Duration.ofSeconds(10));

    // Ties are broken at random: repeat so that the dead worker is surely tried first at least
    // once.
    for (int i = 0; i < 10; i++) {
      assertThat(check.validate("d-" + i, JAR)).isEqualTo(COUNTER);
    }
  }

  @Test
  void onlyWorkersThatCannotBeReachedAreUnavailable() throws Exception {
    deadWorker("gone");

    assertThatThrownBy(() -> check(Duration.ofSeconds(10)).validate("d-1", JAR))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE))
        .hasMessageContaining("no worker could check the jar");
  }

  @Test
  void aWorkerThatDoesNotAnswerInTimeIsUnavailableWithoutHoldingUpAnother() throws Exception {
    JarValidator hangs =
        (id, jar) -> {
          try {
            release.await(); // a module whose configure waits for ever
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return COUNTER;
        };
    AtomicInteger first = worker("w1", hangs);
    AtomicInteger second = worker("w2", hangs);

    assertThatThrownBy(() -> check(Duration.ofMillis(300)).validate("d-1", JAR))
        .isInstanceOfSatisfying(
            DeploymentException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE))
        .hasMessageContaining("did not finish checking the jar");
    assertThat(first.get() + second.get()).isEqualTo(1);
  }
}
