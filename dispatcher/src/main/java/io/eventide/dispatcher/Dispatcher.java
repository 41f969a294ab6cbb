package io.eventide.dispatcher;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.dispatcher.api.SourceStatus;
import io.eventide.dispatcher.api.StatePage;
import io.eventide.dispatcher.internal.cluster.HolderWait;
import io.eventide.dispatcher.internal.cluster.LeaseKeeper;
import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.commit.PendingCalls;
import io.eventide.dispatcher.internal.commit.ProcessingMetrics;
import io.eventide.dispatcher.internal.dedup.DedupExpiry;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.egress.Deliverers;
import io.eventide.dispatcher.internal.egress.EgressViews;
import io.eventide.dispatcher.internal.egress.Sinks;
import io.eventide.dispatcher.internal.egress.StoredEgresses;
import io.eventide.dispatcher.internal.eventtime.InternalHolds;
import io.eventide.dispatcher.internal.eventtime.KeyGroupViews;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.dispatcher.internal.eventtime.SourceMetrics;
import io.eventide.dispatcher.internal.eventtime.SourceProgress;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.ingress.BatchIngest;
import io.eventide.dispatcher.internal.ingress.DeadLetterReplay;
import io.eventide.dispatcher.internal.ingress.IngressParts;
import io.eventide.dispatcher.internal.ingress.IngressWriter;
import io.eventide.dispatcher.internal.processing.ShardLeases;
import io.eventide.dispatcher.internal.processing.Shards;
import io.eventide.dispatcher.internal.processing.SourceStatuses;
import io.eventide.dispatcher.internal.query.EgressRetention;
import io.eventide.dispatcher.internal.query.StateExpiry;
import io.eventide.dispatcher.internal.query.StoreQueries;
import io.eventide.dispatcher.kafka.KafkaIngress;
import io.eventide.protocol.KeyGroupBacklog;
import io.eventide.protocol.SourceLook;
import io.eventide.protocol.StatusResponse;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A dispatcher: owns key groups, appends ingress to their inboxes, processes them in batches
 * through the workers and commits every effect exactly once.
 *
 * <pre>{@code
 * Dispatcher dispatcher = new Dispatcher(DispatcherConfig.defaults("node-1"), store, keyspace, workers, registry);
 * dispatcher.start();
 * SendReceipt receipt = dispatcher.sendAsync(message).join();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; the ingress methods never block.
 */
public final class Dispatcher implements Ingress, Queries, AutoCloseable {
  private final DispatcherConfig config;
  private final TransactionRunner runner;
  private final Shards.Parts parts;
  private final Shards shards;
  private final IngressWriter writer;
  private final DeadLetterReplay replays;
  private final BatchIngest batches;
  private final StoreQueries queries;
  private final SourceStatuses statuses;
  private final Housekeeping housekeeping;
  private final Keyspace keyspace;
  private final KafkaIngress kafka;
  private final Deliverers deliverers;
  private final StoredEgresses egresses;
  private volatile boolean ready;

  /** How long a source's status waits for the shards' looks: each answers between two rounds. */
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

  private volatile LeaseKeeper keeper;
  private volatile HandOverCalls handOvers;

  /** Set first thing in {@link #close}: requests wait for the hand-over, then go to successors. */
  private volatile boolean leaving;

  public Dispatcher(
      DispatcherConfig config,
      Store store,
      Keyspace keyspace,
      Invoker invoker,
      MeterRegistry registry) {
    this.config = config;
    this.keyspace = keyspace;
    this.runner = new TransactionRunner(store);
    int groups = config.keyGroups();
    Backlog backlog = new Backlog(groups, config.backlogLimit());
    this.parts =
        new Shards.Parts(
            new LeaseTable(keyspace, config.nodeId(), groups),
            new Inboxes(keyspace, groups),
            backlog,
            new Sources(store, keyspace),
            new Topology(keyspace),
            new KeyGroupViews(groups),
            new InternalHolds(),
            new PendingCalls(config.maxPendingCalls()),
            new DedupRecords(keyspace),
            new ProcessingMetrics(registry, backlog));
    SourceMetrics.bind(parts.sources(), registry, System::currentTimeMillis);
    this.shards = new Shards(config, store, keyspace, runner, invoker, parts);
    IngressParts appending =
        new IngressParts(
            parts.inboxes(),
            backlog,
            parts.sources(),
            parts.topology(),
            parts.calls(),
            parts.dedup(),
            shards);
    this.writer = new IngressWriter(groups, store, runner, appending);
    this.batches = new BatchIngest(groups, runner, appending);
    this.replays = new DeadLetterReplay(groups, keyspace, runner, appending);
    this.queries = new StoreQueries(store, keyspace, groups, shards.count(), parts);
    this.statuses = new SourceStatuses(shards, parts, groups, STATUS_TIMEOUT);
    this.housekeeping = new Housekeeping(() -> parts.leases().holds(0));
    this.kafka =
        new KafkaIngress(
            config.nodeId(),
            store,
            keyspace,
            parts.leases(),
            parts.sources(),
            batches,
            groups,
            registry);
    this.egresses = new StoredEgresses(store, keyspace, System::currentTimeMillis);
    this.deliverers =
        new Deliverers(
            store, keyspace, parts.leases(), groups, new Sinks(store, keyspace), registry);
  }

  /**
   * Watermark strategies of ingress sources set by the operator (the launcher's {@code --source});
   * they win over what deployed modules declare.
   */
  public void configureSources(Map<String, SourceSettings> settings) {
    parts.sources().override(settings);
  }

  /** A deployment was added or removed: the sources its module configures may have changed. */
  public void deploymentsChanged() {
    parts.sources().refreshModules();
  }

  /** The parts of its processing, for tests in this package. */
  Shards.Parts parts() {
    return parts;
  }

  /** Takes the key groups and starts processing what their inboxes hold. */
  public void start() {
    shards.start();
    startHousekeeping();
    kafka.start();
    deliverers.start();
    ready = true;
  }

  /**
   * Starts as one of several dispatchers on a shared store: a {@link LeaseKeeper} takes this
   * dispatcher's share of the key groups, hands them over as members come and go, and takes over
   * those of members whose membership expired. Ingress to any key group is durable here; only the
   * holder processes it.
   */
  public void startClustered(ClusterSettings cluster) {
    startClustered(cluster, RemoteOptions.defaults());
  }

  /**
   * {@link #startClustered(ClusterSettings)}, dialling the other dispatchers (to hand key groups
   * over) with {@code peers}' credentials.
   */
  public void startClustered(ClusterSettings cluster, RemoteOptions peers) {
    shards.startClustered();
    handOvers = new HandOverCalls(cluster.nodeId(), peers);
    keeper =
        new LeaseKeeper(
            runner,
            keyspace,
            parts.leases(),
            new ShardLeases(shards, cluster.ttl()),
            handOvers,
            cluster);
    keeper.start();
    startHousekeeping();
    kafka.start();
    deliverers.start();
    ready = true;
  }

  /**
   * Runs {@code sweep} beside the retention sweeps of this dispatcher, for what another part keeps
   * in the store (the gateways' audit log): on the same thread, every quarter of {@code retention}
   * (at least every 100 ms, at most every minute), while this dispatcher holds key group 0, so once
   * per cluster.
   */
  public void sweepAlso(Duration retention, java.util.function.IntSupplier sweep) {
    housekeeping.every(retention, sweep);
  }

  /**
   * Expires idempotency keys, trims log egresses and removes expired state, while this dispatcher
   * holds key group 0.
   */
  private void startHousekeeping() {
    DedupExpiry dedup =
        new DedupExpiry(keyspace, runner, config.dedupRetention(), System::currentTimeMillis);
    housekeeping.every(config.dedupRetention(), dedup::sweep);
    EgressRetention egress =
        new EgressRetention(keyspace, runner, config.egressRetention(), System::currentTimeMillis);
    housekeeping.every(config.egressRetention(), egress::sweep);
    StateExpiry expiry = new StateExpiry(keyspace, runner);
    housekeeping.every(StateExpiry.PERIOD.multipliedBy(4), expiry::sweep);
  }

  @Override
  public CompletableFuture<SendReceipt> sendAsync(IngressMessage message) {
    Span span = DispatchSpans.start(message);
    IngressMessage traced = DispatchSpans.under(span, message);
    return DispatchSpans.endWhenDone(
        span,
        guard(
            KeyGroups.of(message.namespace(), message.type(), message.id(), config.keyGroups()),
            () -> writer.send(traced)));
  }

  @Override
  public CompletableFuture<SendReceipt> replayAsync(
      String messageId, String namespace, String type, String id) {
    io.eventide.protocol.Address target =
        io.eventide.protocol.Address.newBuilder()
            .setNamespace(namespace)
            .setType(type)
            .setId(id)
            .build();
    return guard(
        KeyGroups.of(namespace, type, id, config.keyGroups()),
        () -> replays.replay(messageId, target));
  }

  @Override
  public CompletableFuture<CallReply> callAsync(IngressMessage message, Duration timeout) {
    return callAsync(message, timeout, Set.of());
  }

  /**
   * {@link #callAsync(IngressMessage, Duration)} for a gateway that found the dispatchers at {@code
   * notHolders} not to hold the call's key group: while the group is on its way here, the call
   * waits for it (at most its timeout) instead of being sent back to one of them.
   */
  public CompletableFuture<CallReply> callAsync(
      IngressMessage message, Duration timeout, Set<String> notHolders) {
    Span span = DispatchSpans.start(message);
    return DispatchSpans.endWhenDone(
        span, call(DispatchSpans.under(span, message), timeout, notHolders));
  }

  private CompletableFuture<CallReply> call(
      IngressMessage message, Duration timeout, Set<String> notHolders) {
    int keyGroup =
        KeyGroups.of(message.namespace(), message.type(), message.id(), config.keyGroups());
    return guard(
        keyGroup,
        () -> {
          // The reply reaches only the waiting caller of the node whose shard handles the call.
          LeaseKeeper clustered = keeper;
          if (clustered == null || parts.leases().holds(keyGroup)) {
            return writer.call(message, timeout);
          }
          return HolderWait.of(clustered, parts.leases())
              .holderAsync(keyGroup, notHolders, timeout)
              .thenCompose(
                  elsewhere ->
                      elsewhere.isEmpty()
                          ? writer.call(message, timeout)
                          : CompletableFuture.failedFuture(notOwner(keyGroup, elsewhere.get())));
        });
  }

  private static DispatcherException notOwner(int keyGroup, String owner) {
    return DispatcherException.notOwner(
        "key group " + keyGroup + " is held by the node at " + owner, owner);
  }

  @Override
  public CompletableFuture<Integer> ingestAsync(String source, List<IngressMessage> events) {
    Span span = DispatchSpans.start(source, events);
    List<IngressMessage> traced = DispatchSpans.under(span, events);
    return DispatchSpans.endWhenDone(span, guard(() -> batches.ingest(source, traced)));
  }

  /**
   * An explicit watermark, in the source's order after every event accepted before it: it moves the
   * source's watermark forward (never back) and counts as activity for idleness. {@code
   * Long.MAX_VALUE} is the end of input and fires everything.
   */
  @Override
  public CompletableFuture<Void> watermarkAsync(String source, long watermark) {
    return guard(
        () -> {
          SourceClock clock = parts.sources().clock(source);
          return clock.serialized(
              () -> {
                long now = System.currentTimeMillis();
                return runner
                    .runAsync(
                        tx -> {
                          SourceProgress before = parts.sources().startOf(tx, clock);
                          SourceProgress after =
                              new SourceProgress(
                                  before.sequence(), Math.max(before.watermark(), watermark), now);
                          parts.sources().write(tx, source, after);
                          return after;
                        })
                    .thenAccept(clock::commit);
              });
        });
  }

  /**
   * Runs {@code action} while this dispatcher serves; while it hands its groups over, the request
   * waits for the hand-over and is then sent to the successor of {@code keyGroup} ("not owner"
   * naming it), so callers see no failure, only the few milliseconds of the hand-over.
   */
  private <T> CompletableFuture<T> guard(
      int keyGroup, java.util.function.Supplier<CompletableFuture<T>> action) {
    LeaseKeeper clustered = keeper;
    if (leaving && clustered != null) {
      return clustered
          .handedOver()
          .thenCompose(
              handed ->
                  CompletableFuture.failedFuture(
                      clustered
                          .successorEndpoint(keyGroup)
                          .map(next -> notOwner(keyGroup, next))
                          .orElseGet(Dispatcher::stopped)));
    }
    return guard(action);
  }

  private static DispatcherException stopped() {
    return DispatcherException.refused(
        DispatcherException.Code.UNAVAILABLE, "the dispatcher is not running");
  }

  private <T> CompletableFuture<T> guard(java.util.function.Supplier<CompletableFuture<T>> action) {
    if (leaving && keeper != null) {
      // Ingest and watermarks of a source: after the hand-over, to whoever holds it then.
      return keeper.handedOver().thenCompose(handed -> CompletableFuture.failedFuture(stopped()));
    }
    if (!ready) {
      return CompletableFuture.failedFuture(stopped());
    }
    return action.get();
  }

  @Override
  public Queries.Collections collections(String namespace, String type, String id) {
    return queries.collections(namespace, type, id);
  }

  @Override
  public Queries.MapEntries mapEntries(
      String namespace, String type, String id, String name, byte[] after, int limit) {
    return queries.mapEntries(namespace, type, id, name, after, limit);
  }

  @Override
  public Queries.ListElements listElements(
      String namespace, String type, String id, String name, byte[] from) {
    return queries.listElements(namespace, type, id, name, from);
  }

  @Override
  public Map<String, Long> stateExpiries(String namespace, String type, String id) {
    return queries.stateExpiries(namespace, type, id);
  }

  @Override
  public Map<String, byte[]> state(String namespace, String type, String id) {
    return queries.state(namespace, type, id);
  }

  @Override
  public StatePage stateIds(
      String namespace, String type, String after, int limit, boolean values) {
    return queries.stateIds(namespace, type, after, limit, values);
  }

  @Override
  public EgressPage egress(String name, long from, int limit) {
    return queries.egress(name, from, limit);
  }

  @Override
  public Optional<SourceStatus> source(String source) {
    if (!ready) {
      throw stopped();
    }
    Optional<SourceStatus> status = statuses.status(source);
    if (status.isPresent() || source.indexOf(Sources.PARTITION_MARK) >= 0) {
      return status;
    }
    return subscriptionStatus(source);
  }

  /**
   * A Kafka subscription is the ingress source named after its id (API.md): its partitions' sources
   * {@code id#p} together, the watermark the minimum over them.
   */
  private Optional<SourceStatus> subscriptionStatus(String subscription) {
    String prefix = subscription + Sources.PARTITION_MARK;
    long watermark = Long.MAX_VALUE;
    long accepted = 0;
    long pending = 0;
    boolean finished = true;
    boolean any = false;
    for (SourceClock clock : List.copyOf(parts.sources().all())) {
      if (!clock.name().startsWith(prefix)) {
        continue;
      }
      Optional<SourceStatus> partition = statuses.status(clock.name());
      if (partition.isEmpty()) {
        continue;
      }
      any = true;
      watermark = Math.min(watermark, partition.get().watermark());
      accepted += partition.get().accepted();
      pending += partition.get().pending();
      finished &= partition.get().finished();
    }
    return any
        ? Optional.of(new SourceStatus(subscription, watermark, accepted, pending, finished))
        : Optional.empty();
  }

  @Override
  public Map<String, Object> cluster() {
    Map<String, Object> view = queries.cluster(config.nodeId());
    Map<String, Map<Integer, Long>> lags = kafka.lags();
    if (!lags.isEmpty()) {
      view.put("kafkaLag", lags);
    }
    LeaseKeeper clustered = keeper;
    if (clustered != null) {
      view.put("mode", "cluster");
      List<Map<String, Object>> members = new ArrayList<>();
      for (LeaseKeeper.MemberView m : clustered.members()) {
        members.add(
            Map.of(
                "id",
                m.nodeId(),
                "endpoint",
                String.valueOf(m.endpoint()),
                "keyGroups",
                m.keyGroups()));
      }
      view.put("nodes", members);
      List<Map<String, Object>> leases = new ArrayList<>();
      for (LeaseKeeper.LeaseView lease : clustered.leases()) {
        leases.add(
            Map.of("keyGroup", lease.keyGroup(), "owner", lease.owner(), "epoch", lease.epoch()));
      }
      view.put("leases", leases);
    }
    Map<Integer, String> owners = new HashMap<>();
    if (clustered != null) {
      clustered.leases().forEach(lease -> owners.put(lease.keyGroup(), lease.owner()));
    }
    view.put(
        "egresses",
        EgressViews.of(
            egresses.list(),
            kg -> parts.leases().holds(kg) ? config.nodeId() : owners.getOrDefault(kg, ""),
            config.keyGroups()));
    return view;
  }

  /** This dispatcher's id and the backlogs of the key groups it holds, for the cluster view. */
  public StatusResponse status() {
    StatusResponse.Builder status =
        StatusResponse.newBuilder().setNodeId(config.nodeId()).setShards(shards.count());
    long total = 0;
    for (int kg = 0; kg < config.keyGroups(); kg++) {
      long backlog = parts.backlog().get(kg);
      if (backlog > 0 && parts.leases().holds(kg)) {
        total += backlog;
        status.addBusyKeyGroups(
            KeyGroupBacklog.newBuilder()
                .setKeyGroup(kg)
                .setBacklog(backlog)
                .setEpoch(parts.leases().epoch(kg)));
      }
    }
    return status.setBacklog(total).setProcessed(parts.metrics().finished()).build();
  }

  /** {@link #status()}, with what is left of {@code source} in the key groups held here. */
  public StatusResponse status(String source) {
    StatusResponse.Builder status = status().toBuilder();
    SourceLook.Builder look = status.getSourceLookBuilder();
    statuses
        .look(source)
        .ifPresent(
            work ->
                look.setKnown(true)
                    .addAllKeyGroups(work.keyGroups())
                    .setPending(work.pending())
                    .setMinView(work.minView()));
    return status.build();
  }

  /**
   * Serves the key groups the dispatcher {@code from} just handed to this one, under the lease
   * values it committed ({@link LeaseKeeper#adopt}); completes with those adopted.
   */
  public CompletableFuture<Set<Integer>> adopt(String from, Map<Integer, byte[]> leases) {
    LeaseKeeper clustered = keeper;
    return clustered == null || leaving
        ? CompletableFuture.completedFuture(Set.of())
        : clustered.adopt(from, leases);
  }

  @Override
  public boolean ready() {
    return ready;
  }

  /** Stops taking work, lets the shards finish their batch, and fails waiting callers. */
  @Override
  public void close() {
    leaving = true;
    ready = false;
    try {
      kafka.close(); // before the key groups go: a take in flight still finds its lease
    } finally {
      if (keeper != null) {
        // Hands the key groups over, after their shards finished what was in flight; requests
        // held meanwhile are then sent on.
        keeper.close();
      }
      if (handOvers != null) {
        handOvers.close();
      }
    }
    housekeeping.close();
    deliverers.close();
    shards.close();
    parts
        .calls()
        .failAll(
            new DispatcherException(
                DispatcherException.Code.OUTCOME_UNKNOWN,
                "the dispatcher stopped before the call's reply; the call is enqueued and will be"
                    + " handled: retry it with its Idempotency-Key for the reply"));
    runner.close();
  }
}
