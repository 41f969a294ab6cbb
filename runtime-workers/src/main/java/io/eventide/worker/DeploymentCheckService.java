package io.eventide.worker;

import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.JarValidator;
import io.eventide.protocol.DeploymentCheckGrpc;
import io.eventide.protocol.DeploymentCheckReply;
import io.eventide.protocol.DeploymentCheckRequest;
import io.eventide.protocol.DeploymentRefusal;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's {@code DeploymentCheck} gRPC service: a gateway sends a jar before deploying it, and
 * this worker loads it with its own {@link JarValidator} (zip bounds, class loading, every module's
 * configure) and answers what it registers, or why it cannot be served. A refusal is an answer;
 * only a worker that cannot check at all (busy, or failing itself) answers with an error status,
 * which makes the gateway ask another.
 *
 * <pre>{@code
 * Server server = InProcessServerBuilder.forName("worker")
 *     .addService(runtime).addService(new DeploymentCheckService(deployments)).build().start();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Jars are loaded on two threads of its own ("eventide-deployment-check-n"), never on
 * a gRPC thread, with two more waiting at most: each holds a jar of up to 64 MiB in memory.
 */
public final class DeploymentCheckService extends DeploymentCheckGrpc.DeploymentCheckImplBase
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentCheckService.class);
  private static final int THREADS = 2;
  private static final int WAITING = 2;

  private final JarValidator validator;
  private final ExecutorService checks;

  public DeploymentCheckService(JarValidator validator) {
    this.validator = validator;
    AtomicInteger count = new AtomicInteger();
    this.checks =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "eventide-deployment-check-" + count.incrementAndGet());
              thread.setDaemon(
                  true); // a module whose configure never returns must not keep the JVM up
              return thread;
            });
  }

  @Override
  public void check(
      DeploymentCheckRequest request, StreamObserver<DeploymentCheckReply> responseObserver) {
    try {
      checks.execute(() -> answer(request, responseObserver));
    } catch (RejectedExecutionException e) {
      responseObserver.onError(
          Status.UNAVAILABLE
              .withDescription("this worker is checking " + (THREADS + WAITING) + " jars already")
              .asRuntimeException());
    }
  }

  private void answer(
      DeploymentCheckRequest request, StreamObserver<DeploymentCheckReply> responseObserver) {
    DeploymentCheckReply reply;
    try {
      reply =
          DeploymentCheckReply.newBuilder()
              .setAccepted(
                  validator.validate(request.getDeploymentId(), request.getJar().toByteArray()))
              .build();
    } catch (DeploymentException e) {
      reply = DeploymentCheckReply.newBuilder().setRefused(refusal(e)).build();
    } catch (RuntimeException e) {
      // Not the jar's fault (a full scratch disk, say): another worker may manage.
      LOG.error("could not check the jar of deployment {}", request.getDeploymentId(), e);
      responseObserver.onError(
          Status.INTERNAL.withDescription("the worker failed: " + e).asRuntimeException());
      return;
    }
    responseObserver.onNext(reply);
    responseObserver.onCompleted();
  }

  private static DeploymentRefusal refusal(DeploymentException e) {
    // A validator refuses a jar as too large or else as invalid (JarValidator's contract).
    DeploymentRefusal.Code code =
        e.code() == DeploymentException.Code.TOO_LARGE
            ? DeploymentRefusal.Code.TOO_LARGE
            : DeploymentRefusal.Code.INVALID_JAR;
    return DeploymentRefusal.newBuilder()
        .setCode(code)
        .setMessage(String.valueOf(e.getMessage()))
        .build();
  }

  /**
   * Stops taking checks; a check in progress finishes on its own (or never, if its module hangs).
   */
  @Override
  public void close() {
    checks.shutdownNow();
  }
}
