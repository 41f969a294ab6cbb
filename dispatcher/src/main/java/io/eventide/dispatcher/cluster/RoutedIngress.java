package io.eventide.dispatcher.cluster;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.Daemons;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.dispatcher.internal.remote.IngressCodec;
import io.eventide.dispatcher.internal.remote.Peers;
import io.eventide.dispatcher.internal.remote.Unary;
import io.eventide.protocol.CallRequest;
import io.eventide.protocol.DispatchGrpc;
import io.eventide.protocol.IngestRequest;
import io.eventide.protocol.ReplayRequest;
import io.eventide.protocol.StatusRequest;
import io.eventide.protocol.StatusResponse;
import io.eventide.protocol.WatermarkRequest;
import io.github.resilience4j.retry.Retry;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The gateway's ingress in a cluster: each request goes over gRPC to the dispatcher holding its key
 * group, found in the {@link DirectoryCache}. A "not owner" answer sends the next attempt to the
 * holder it names and refreshes the directory.
 *
 * <p>Retries (Resilience4j, exponential backoff with jitter) never enqueue a message twice: a
 * request with an idempotency key is retried on any unavailability or unknown outcome, since the
 * dispatcher's dedup record answers a repeat with the first outcome; one without a key only when it
 * surely left nothing behind (open circuit, refused connection, or a dispatcher that turned it away
 * unwritten). What is left after the retries reaches the client as it is: {@code UNAVAILABLE} (503)
 * only for a refusal, {@code OUTCOME_UNKNOWN} (504) when the request may have taken effect. Every
 * attempt has a gRPC deadline; each dispatcher has a circuit breaker.
 *
 * <pre>{@code
 * RoutedIngress ingress = new RoutedIngress(cache::get, cache::refreshSoon, 256, RemoteOptions.defaults());
 * cache.addListener(ingress::observe);
 * CallReply reply = ingress.callAsync(message, Duration.ofSeconds(5)).join();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking.
 */
public final class RoutedIngress implements Ingress, AutoCloseable {
  /**
   * Where an ingress source's batches and watermarks go: its key group's holder, one per source.
   */
  private static final String SOURCE_NAMESPACE = "eventide-source";

  private final Supplier<Snapshot> directory;
  private final Runnable refreshDirectory;
  private final int keyGroups;
  private final RemoteOptions options;
  private final Peers peers;
  private final ScheduledExecutorService scheduler;
  private final Retry keyed;
  private final Retry unkeyed;

  /** An attempt waiting for the answer of the dispatcher at {@code endpoint}. */
  private record Waiting(String endpoint, Context.CancellableContext context) {}

  private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

  /** The cause of a cancelled {@link Waiting} attempt, as its gRPC call's failure carries it. */
  private static final Exception HEARTBEAT_RAN_OUT =
      new Exception("the dispatcher's heartbeat ran out", null, false, false) {};

  /**
   * @param directory the cluster as last read
   * @param refreshDirectory asks for a fresh read (after "not owner" or a failed peer)
   */
  public RoutedIngress(
      Supplier<Snapshot> directory,
      Runnable refreshDirectory,
      int keyGroups,
      RemoteOptions options) {
    this.directory = directory;
    this.refreshDirectory = refreshDirectory;
    this.keyGroups = keyGroups;
    this.options = options;
    this.peers = new Peers("dispatcher", options);
    this.scheduler = Daemons.scheduler("eventide-ingress-retry");
    this.keyed =
        retry(
            "keyed",
            e ->
                e.code() == Code.UNAVAILABLE
                    || e.code() == Code.OUTCOME_UNKNOWN
                    || e.code() == Code.NOT_OWNER);
    this.unkeyed = retry("unkeyed", e -> IngressCodec.neverArrived(e));
  }

  private Retry retry(String name, Predicate<DispatcherException> when) {
    return options.retry(
        "dispatcher-" + name,
        e -> IngressCodec.unwrap(e) instanceof DispatcherException d && when.test(d),
        RoutedIngress::goesElsewhere);
  }

  /**
   * A "not owner" answer naming the holder: the next attempt goes there, and waiting first would
   * only delay the caller. A peer that went down keeps its backoff: a request it may have written
   * just before is resent only once that write had time to land, and the next attempt's target
   * waits for the takeover anyway.
   */
  static boolean goesElsewhere(Throwable error) {
    return IngressCodec.unwrap(error) instanceof DispatcherException d
        && d.code() == Code.NOT_OWNER
        && d.owner() != null
        && !d.owner().isEmpty();
  }

  /**
   * Forgets dispatchers the directory no longer lists, and cancels the attempts waiting at one
   * whose heartbeat ran out. A crashed process refuses or resets its connections, and they fail at
   * once; a frozen or cut-off one answers nothing, and its callers would wait out their gRPC
   * deadline (the call's own timeout and then some) while its key groups are already served
   * elsewhere. A cancelled attempt's outcome is unknown, as for a connection broken mid-call: a
   * request with an idempotency key is sent again to the group's new holder, whose dedup record
   * answers it; one without is answered {@code OUTCOME_UNKNOWN}. A member that left cleanly removed
   * its record and is not expired: the requests it holds are answered by it.
   */
  public void observe(Snapshot snapshot) {
    peers.retain(
        snapshot.dispatchers().values().stream().map(Member::endpoint).collect(Collectors.toSet()));
    if (!snapshot.expired().isEmpty()) {
      for (Waiting waiting : this.waiting) {
        if (snapshot.expired().contains(waiting.endpoint())) {
          waiting.context().cancel(HEARTBEAT_RAN_OUT);
        }
      }
    }
  }

  @Override
  public CompletableFuture<SendReceipt> sendAsync(IngressMessage message) {
    var request = IngressCodec.request(message);
    return route(
        keyGroup(message),
        message.idempotencyKey() != null,
        options.requestTimeout(),
        (stub, deadline, notHolders) ->
            Unary.<io.eventide.protocol.SendResponse>call(
                    out ->
                        stub.withDeadlineAfter(deadline, TimeUnit.NANOSECONDS).send(request, out))
                .thenApply(IngressCodec::receipt));
  }

  @Override
  public CompletableFuture<CallReply> callAsync(IngressMessage message, Duration timeout) {
    CallRequest.Builder request =
        CallRequest.newBuilder().setMessage(IngressCodec.request(message));
    long deadline = System.nanoTime() + timeout.toNanos();
    return route(
        keyGroup(message),
        message.idempotencyKey() != null,
        timeout.plus(options.requestTimeout()),
        (stub, attemptDeadline, notHolders) -> {
          // What is left of the caller's timeout: a retried call must not wait longer in all.
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return CompletableFuture.failedFuture(
                new DispatcherException(Code.TIMEOUT, "no reply within " + timeout));
          }
          CallRequest call =
              request
                  .setTimeoutMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))
                  .clearNotHolders()
                  .addAllNotHolders(notHolders)
                  .build();
          return Unary.<io.eventide.protocol.CallResponse>call(
                  out ->
                      stub.withDeadlineAfter(
                              left + options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
                          .call(call, out))
              .thenApply(IngressCodec::reply);
        });
  }

  /**
   * Sent to the holder of the target's key group, like a send without an idempotency key: retried
   * only when it surely never arrived, since a replay that went through leaves no dead letter to
   * find again.
   */
  @Override
  public CompletableFuture<SendReceipt> replayAsync(
      String messageId, String namespace, String type, String id) {
    ReplayRequest request =
        ReplayRequest.newBuilder()
            .setMessageId(messageId)
            .setTarget(
                io.eventide.protocol.Address.newBuilder()
                    .setNamespace(namespace)
                    .setType(type)
                    .setId(id))
            .build();
    return route(
        KeyGroups.of(namespace, type, id, keyGroups),
        false,
        options.requestTimeout(),
        (stub, deadline, notHolders) ->
            Unary.<io.eventide.protocol.SendResponse>call(
                    out ->
                        stub.withDeadlineAfter(deadline, TimeUnit.NANOSECONDS).replay(request, out))
                .thenApply(IngressCodec::receipt));
  }

  /**
   * The most event bytes one ingest request to a dispatcher carries, far under a gRPC message's
   * limit.
   */
  static final int INGEST_PART_BYTES = 8 << 20;

  /**
   * Sends the batch in parts of at most {@link #INGEST_PART_BYTES}, one after another in the
   * batch's order: an NDJSON batch of 64 MiB would not fit one gRPC message. A part that fails
   * stops the rest, the parts before it being durable, as a dispatcher's own slices are; events
   * refused for a reused idempotency key are gathered over every part and reported at the end.
   */
  @Override
  public CompletableFuture<Integer> ingestAsync(String source, List<IngressMessage> events) {
    List<IngestRequest> parts = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    IngestRequest.Builder request = IngestRequest.newBuilder().setSource(source);
    int bytes = 0;
    for (int i = 0; i < events.size(); i++) {
      var event = IngressCodec.request(events.get(i));
      if (request.getEventsCount() > 0 && bytes + event.getSerializedSize() > INGEST_PART_BYTES) {
        parts.add(request.build());
        request = IngestRequest.newBuilder().setSource(source);
        bytes = 0;
      }
      if (request.getEventsCount() == 0) {
        starts.add(i);
      }
      request.addEvents(event);
      bytes += event.getSerializedSize() + 8;
    }
    parts.add(request.build());
    if (starts.isEmpty()) {
      starts.add(0);
    }
    return ingestParts(source, parts, starts, 0, 0, new ArrayList<>(), 0, null);
  }

  private CompletableFuture<Integer> ingestParts(
      String source,
      List<IngestRequest> parts,
      List<Integer> starts,
      int next,
      int accepted,
      List<Integer> mismatched,
      int mismatches,
      DispatcherException firstMismatch) {
    if (next == parts.size()) {
      if (firstMismatch == null) {
        return CompletableFuture.completedFuture(accepted);
      }
      return CompletableFuture.failedFuture(
          DispatcherException.ofEvents(
              firstMismatch.code(), firstMismatch.getMessage(), mismatched, mismatches));
    }
    IngestRequest part = parts.get(next);
    int start = starts.get(next);
    return route(
            sourceGroup(source),
            false,
            options.requestTimeout(),
            (stub, deadline, notHolders) ->
                Unary.<io.eventide.protocol.IngestResponse>call(
                        out ->
                            stub.withDeadlineAfter(deadline, TimeUnit.NANOSECONDS)
                                .ingest(part, out))
                    .thenApply(r -> r.getAccepted()))
        .handle(
            (done, error) -> {
              if (error == null) {
                return ingestParts(
                    source,
                    parts,
                    starts,
                    next + 1,
                    accepted + done,
                    mismatched,
                    mismatches,
                    firstMismatch);
              }
              DispatcherException failure =
                  IngressCodec.unwrap(error) instanceof DispatcherException d ? d : null;
              if (failure == null
                  || failure.code() != Code.IDEMPOTENCY_KEY_MISMATCH
                  || failure.eventCount() == 0) {
                // The parts before are durable: the client must not take this for a refusal.
                return CompletableFuture.<Integer>failedFuture(
                    DispatcherException.afterAccepted(IngressCodec.unwrap(error), accepted));
              }
              failure.events().forEach(i -> mismatched.add(start + i));
              int applied = part.getEventsCount() - failure.eventCount();
              return ingestParts(
                  source,
                  parts,
                  starts,
                  next + 1,
                  accepted + applied,
                  mismatched,
                  mismatches + failure.eventCount(),
                  firstMismatch != null ? firstMismatch : failure);
            })
        .thenCompose(f -> f);
  }

  /** Watermarks only move forward, so sending one again is harmless: retried as keyed requests. */
  @Override
  public CompletableFuture<Void> watermarkAsync(String source, long watermark) {
    WatermarkRequest request =
        WatermarkRequest.newBuilder().setSource(source).setWatermark(watermark).build();
    return route(
        sourceGroup(source),
        true,
        options.requestTimeout(),
        (stub, deadline, notHolders) ->
            Unary.<io.eventide.protocol.WatermarkResponse>call(
                    out ->
                        stub.withDeadlineAfter(deadline, TimeUnit.NANOSECONDS)
                            .watermark(request, out))
                .thenApply(r -> (Void) null));
  }

  /** Each live dispatcher's status; one that does not answer in time is left out. */
  public List<StatusResponse> statuses() {
    return statuses(StatusRequest.getDefaultInstance());
  }

  /**
   * {@link #statuses()}, each with its look at what is left of {@code source} in the key groups it
   * holds.
   */
  public List<StatusResponse> statuses(String source) {
    return statuses(StatusRequest.newBuilder().setSource(source).build());
  }

  private List<StatusResponse> statuses(StatusRequest request) {
    List<CompletableFuture<Optional<StatusResponse>>> asked = new ArrayList<>();
    for (Member member : directory.get().dispatchers().values()) {
      Peers.Peer peer = peers.get(member.endpoint());
      asked.add(
          peer.call(
                  channel ->
                      Unary.<StatusResponse>call(
                          out ->
                              DispatchGrpc.newStub(channel)
                                  .withDeadlineAfter(
                                      options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                  .status(request, out)))
              .thenApply(Optional::of)
              .exceptionally(e -> Optional.empty()));
    }
    List<StatusResponse> statuses = new ArrayList<>();
    for (CompletableFuture<Optional<StatusResponse>> answer : asked) {
      answer.join().ifPresent(statuses::add);
    }
    return statuses;
  }

  private int keyGroup(IngressMessage m) {
    return KeyGroups.of(m.namespace(), m.type(), m.id(), keyGroups);
  }

  private int sourceGroup(String source) {
    return KeyGroups.of(SOURCE_NAMESPACE, source, "", keyGroups);
  }

  /** Where the next attempt goes: a holder named by "not owner", else the directory's choice. */
  private static final class Attempt {
    volatile String hint;

    /**
     * Endpoints that failed this request: the next attempt tries another if there is one, and a
     * call tells the next dispatcher not to send it back to them.
     */
    final Set<String> failed = ConcurrentHashMap.newKeySet();

    /**
     * Endpoints that said they do not hold the group: the next attempt prefers another, but goes
     * back when one is named as the holder, since it may have taken the group since (a successor
     * asked just before the dead holder's expiry).
     */
    final Set<String> disowned = ConcurrentHashMap.newKeySet();
  }

  /** One attempt of a request: to {@code stub}, with a deadline in nanoseconds. */
  @FunctionalInterface
  private interface Send<T> {
    CompletableFuture<T> send(
        DispatchGrpc.DispatchStub stub, long deadline, Set<String> notHolders);
  }

  private <T> CompletableFuture<T> route(
      int keyGroup, boolean keyedRequest, Duration attemptTimeout, Send<T> send) {
    Attempt attempt = new Attempt();
    Supplier<java.util.concurrent.CompletionStage<T>> once =
        () -> {
          Peers.Peer peer;
          try {
            peer = peers.get(endpointFor(keyGroup, attempt));
          } catch (DispatcherException e) {
            return CompletableFuture.failedFuture(e);
          }
          CompletableFuture<T> result = new CompletableFuture<>();
          Set<String> notHolders = notHolders(attempt);
          // The attempt's gRPC call runs in a context of its own, cancelled by observe() if the
          // dispatcher's heartbeat runs out while it waits.
          Waiting waits = new Waiting(peer.endpoint, Context.ROOT.withCancellation());
          waiting.add(waits);
          peer.call(
                  channel -> {
                    Context previous = waits.context().attach();
                    try {
                      return send.send(
                          DispatchGrpc.newStub(channel), attemptTimeout.toNanos(), notHolders);
                    } finally {
                      waits.context().detach(previous);
                    }
                  })
              .whenComplete(
                  (value, error) -> {
                    waiting.remove(waits);
                    waits.context().cancel(null); // done: releases the context
                    boolean expired =
                        IngressCodec.unwrap(error) instanceof StatusRuntimeException s
                            && s.getCause() == HEARTBEAT_RAN_OUT;
                    if (error == null) {
                      result.complete(value);
                      return;
                    }
                    DispatcherException failure =
                        expired
                            ? new DispatcherException(
                                Code.OUTCOME_UNKNOWN,
                                "the dispatcher at "
                                    + peer.endpoint
                                    + " stopped answering (its heartbeat ran out), and the request"
                                    + " may or may not have taken effect",
                                error)
                            : IngressCodec.failure(error, peer.endpoint);
                    if (failure.code() == Code.NOT_OWNER) {
                      attempt.hint = failure.owner();
                      attempt.disowned.add(peer.endpoint);
                    } else if (Peers.isPeerFailure(error)) {
                      attempt.failed.add(peer.endpoint);
                    }
                    if (failure.code() == Code.NOT_OWNER
                        || failure.code() == Code.UNAVAILABLE
                        || failure.code() == Code.OUTCOME_UNKNOWN) {
                      refreshDirectory.run();
                    }
                    result.completeExceptionally(failure);
                  });
          return result;
        };
    Retry retry = keyedRequest ? keyed : unkeyed;
    return Retry.decorateCompletionStage(retry, scheduler, once)
        .get()
        .toCompletableFuture()
        .exceptionallyCompose(
            error ->
                CompletableFuture.failedFuture(
                    notOwnerAsUnavailable(IngressCodec.failure(error, "?"))));
  }

  /**
   * A "not owner" left after every attempt means the group is moving: to the gateway's client that
   * is a short unavailability, not a redirect to an internal gRPC endpoint.
   */
  private static DispatcherException notOwnerAsUnavailable(DispatcherException e) {
    return e.code() == Code.NOT_OWNER
        ? DispatcherException.refused(
            Code.UNAVAILABLE, "the key group is changing hands; retry shortly")
        : e;
  }

  /**
   * The endpoints a dispatcher asked for a call should not name as its holder: those that failed
   * this request or said they do not hold its group, and those this gateway cannot reach now (an
   * open circuit). A successor asked before the dead holder's expiry would otherwise name the dead
   * one instead of waiting to take over.
   */
  private Set<String> notHolders(Attempt attempt) {
    Set<String> not = new HashSet<>(attempt.failed);
    not.addAll(attempt.disowned);
    for (String endpoint : directory.get().endpoints()) {
      if (!peers.get(endpoint).available()) {
        not.add(endpoint);
      }
    }
    return Set.copyOf(not);
  }

  private String endpointFor(int keyGroup, Attempt attempt) {
    String hint = attempt.hint;
    attempt.hint = null;
    if (hint != null && !hint.isEmpty() && !attempt.failed.contains(hint)) {
      return hint;
    }
    Snapshot snapshot = directory.get();
    Optional<String> owner = snapshot.ownerEndpoint(keyGroup);
    if (owner.isPresent()
        && peers.get(owner.get()).available()
        && !attempt.failed.contains(owner.get())
        && !attempt.disowned.contains(owner.get())) {
      return owner.get();
    }
    // No reachable holder (moving, dead, or the directory is behind): the dispatcher that takes
    // the group over once its holder is gone, as every dispatcher computes it. Any live one takes
    // a send; that one also waits for a call until it holds the group.
    Set<String> reachable =
        snapshot.dispatchers().values().stream()
            .map(Member::endpoint)
            .filter(e -> peers.get(e).available())
            .collect(Collectors.toSet());
    Set<String> avoided = new HashSet<>(snapshot.endpoints());
    avoided.removeAll(reachable);
    Set<String> untried = new HashSet<>(reachable);
    untried.removeAll(attempt.failed);
    untried.removeAll(attempt.disowned);
    if (!untried.isEmpty()) {
      avoided.addAll(attempt.failed);
      avoided.addAll(attempt.disowned);
    }
    return snapshot
        .successorEndpoint(keyGroup, avoided)
        .orElseThrow(
            () ->
                DispatcherException.refused(
                    Code.UNAVAILABLE, "no dispatcher is reachable; retry shortly"));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    peers.close();
  }
}
