package io.eventide.dispatcher.cluster;

import com.google.protobuf.UnsafeByteOperations;
import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.JarValidator;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.dispatcher.internal.remote.IngressCodec;
import io.eventide.dispatcher.internal.remote.Peers;
import io.eventide.dispatcher.internal.remote.Unary;
import io.eventide.protocol.DeploymentCheckGrpc;
import io.eventide.protocol.DeploymentCheckReply;
import io.eventide.protocol.DeploymentCheckRequest;
import io.eventide.protocol.DeploymentRefusal;
import io.eventide.protocol.Registrations;
import io.github.resilience4j.retry.Retry;
import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster gateway's {@link JarValidator}: a live worker of the directory checks each new jar over
 * gRPC ({@code DeploymentCheck}), so that the gateway never loads user code. A worker's refusal is
 * the answer (400 or 413 at the gateway, as on a node). A worker that cannot be reached or fails
 * itself is replaced by another, with backoff, within the attempts; a worker that does not answer
 * within the timeout is not, since a module whose {@code configure} never returns would hold each
 * worker in turn. No live worker, or none that answered, is {@code UNAVAILABLE} (503).
 *
 * <pre>{@code
 * WorkerDeploymentCheck workers = new WorkerDeploymentCheck(cache::get, RemoteOptions.defaults(),
 *     WorkerDeploymentCheck.DEFAULT_TIMEOUT);
 * cache.addListener(workers::observe);
 * Registrations registered = workers.validate("d-1f2e", JAR);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #validate} blocks its caller (a gateway's blocking worker thread) until a
 * worker answered or the attempts are spent.
 */
public final class WorkerDeploymentCheck implements JarValidator, AutoCloseable {
  /** Loading a 64 MiB jar whose entries inflate to 1 GiB takes seconds; a minute is plenty. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(WorkerDeploymentCheck.class);

  private final Supplier<Snapshot> directory;
  private final Peers peers;
  private final Retry retry;
  private final Duration timeout;

  /** Checks at the workers {@code directory} lists, each call bounded by {@code timeout}. */
  public WorkerDeploymentCheck(
      Supplier<Snapshot> directory, RemoteOptions options, Duration timeout) {
    this.directory = directory;
    this.peers = new Peers("worker", options);
    this.retry = options.retry("deployment-check", e -> e instanceof WorkerFailed);
    this.timeout = timeout;
  }

  /** Forgets workers the directory no longer lists. */
  public void observe(Snapshot snapshot) {
    peers.retain(
        snapshot.workers().values().stream().map(Member::endpoint).collect(Collectors.toSet()));
  }

  @Override
  public Registrations validate(String deploymentId, byte[] jar) {
    // Wrapped, not copied: the gateway neither keeps nor changes the body it read.
    DeploymentCheckRequest request =
        DeploymentCheckRequest.newBuilder()
            .setDeploymentId(deploymentId)
            .setJar(UnsafeByteOperations.unsafeWrap(jar))
            .build();
    Set<String> failed = ConcurrentHashMap.newKeySet();
    try {
      return retry.executeSupplier(() -> attempt(request, failed));
    } catch (WorkerFailed e) {
      throw new DeploymentException(
          Code.UNAVAILABLE,
          "no worker could check the jar (" + e.getMessage() + "); deploy again shortly",
          e);
    }
  }

  private Registrations attempt(DeploymentCheckRequest request, Set<String> failed) {
    Peers.Peer peer =
        peers.leastBusy(
            directory.get().workers().values().stream().map(Member::endpoint).toList(), failed);
    if (peer == null && !failed.isEmpty()) {
      throw new WorkerFailed("every live worker failed it: " + failed, null);
    }
    if (peer == null) {
      throw new DeploymentException(
          Code.UNAVAILABLE,
          "no worker is live to check the jar (a worker loads each new jar before it is deployed); "
              + "start one, or wait for one to recover, and deploy again");
    }
    DeploymentCheckReply reply;
    try {
      reply =
          peer.call(
                  channel ->
                      Unary.<DeploymentCheckReply>call(
                          out ->
                              DeploymentCheckGrpc.newStub(channel)
                                  .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                  .check(request, out)))
              .join();
    } catch (CompletionException e) {
      failed.add(peer.endpoint);
      Throwable cause = IngressCodec.unwrap(e);
      LOG.warn(
          "worker {} could not check the jar of {}: {}",
          peer.endpoint,
          request.getDeploymentId(),
          cause.toString());
      if (Status.fromThrowable(cause).getCode() == Status.Code.DEADLINE_EXCEEDED) {
        throw new DeploymentException(
            Code.UNAVAILABLE,
            "worker "
                + peer.endpoint
                + " did not finish checking the jar"
                + " within "
                + timeout.toSeconds()
                + " s; does a module's configure wait for something?",
            cause);
      }
      throw new WorkerFailed("worker " + peer.endpoint + ": " + cause, cause);
    }
    return switch (reply.getOutcomeCase()) {
      case ACCEPTED -> reply.getAccepted();
      case REFUSED -> throw refusal(reply.getRefused());
      case OUTCOME_NOT_SET ->
          throw new WorkerFailed("worker " + peer.endpoint + " answered nothing", null);
    };
  }

  private static DeploymentException refusal(DeploymentRefusal refused) {
    Code code =
        refused.getCode() == DeploymentRefusal.Code.TOO_LARGE ? Code.TOO_LARGE : Code.INVALID_JAR;
    return new DeploymentException(code, refused.getMessage());
  }

  @Override
  public void close() {
    peers.close();
  }

  /** A worker that could not check (unreachable, failing, busy): another may. */
  private static final class WorkerFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkerFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
