package io.eventide.dispatcher.internal.ingress;

import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.dedup.Fingerprints;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.dispatcher.internal.eventtime.SourceProgress;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.InboxChunks;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Signals;
import io.eventide.protocol.DedupRecord;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Bulk ingestion of one source's events: the request is cut into slices that fit a transaction
 * (FoundationDB's 10 MB and the 65,536 versionstamps a commit can hand out), committed one after
 * the other so the source's order is the inbox order. A slice writes one inbox chunk per key group
 * and 64 entries ({@link InboxChunks}), not one key per event. A crash between slices leaves a
 * prefix enqueued; the client's retry with the same idempotency keys fills in the rest exactly
 * once.
 *
 * <p>An event's idempotency key is scoped to the source and its target ({@link
 * DedupRecords.Scope}). An event whose key was given before with a different event ({@link
 * Fingerprints}) is not applied, and the request then fails with {@code IDEMPOTENCY_KEY_MISMATCH}
 * naming those events, once every other event is durable: slices commit one by one, so the request
 * cannot be refused as a whole, and the client learns exactly which events did not take effect.
 *
 * <p>Requests of one source run one after another. Each event is stamped with the source's next
 * sequence number and the watermark before it, and each slice writes the source's progress after
 * its last event in the same commit, so every key group sees events and watermarks in the source's
 * order (DESIGN.md §5).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and non-blocking.
 */
public final class BatchIngest {
  private static final int MAX_SLICE_EVENTS = 20_000;
  private static final int MAX_SLICE_BYTES = 4 << 20;

  private final int groups;
  private final TransactionRunner runner;
  private final Signals signals;
  private final Inboxes inboxes;
  private final Backlog backlog;
  private final Sources sources;
  private final Topology topology;
  private final DedupRecords dedup;

  public BatchIngest(int keyGroups, TransactionRunner runner, IngressParts parts) {
    this.groups = keyGroups;
    this.runner = runner;
    this.signals = parts.signals();
    this.inboxes = parts.inboxes();
    this.backlog = parts.backlog();
    this.sources = parts.sources();
    this.topology = parts.topology();
    this.dedup = parts.dedup();
  }

  public CompletableFuture<Integer> ingest(String source, List<IngressMessage> events) {
    return ingest(source, events, null);
  }

  /**
   * Appends {@code events} in ONE transaction that also carries {@code alsoWrite}'s writes (a Kafka
   * partition's next offset, its fence, its dead letters), so that either all of it is durable or
   * none. The caller keeps the events within a slice's size ({@link #fitsOneSlice}).
   */
  public CompletableFuture<Integer> ingestAtomically(
      String source, List<IngressMessage> events, Consumer<Transaction> alsoWrite) {
    return ingest(source, events, alsoWrite);
  }

  /**
   * Records in the topology that {@code names} reach {@code namespace/type} before any of their
   * events does, and gives each a clock. The topology otherwise learns a source from its first
   * event, and a function type's watermark is the minimum over the sources it knows: a Kafka
   * partition that has not delivered yet would not hold the watermark back, so windows would fire
   * with the other partitions' records alone, and again (or with the rest judged late) once it
   * delivers. Flink's Kafka source holds the watermark at the minimum over all its partitions.
   */
  public CompletableFuture<Void> declareAsync(
      Collection<String> names, String namespace, String type) {
    long now = System.currentTimeMillis();
    names.forEach(name -> sources.declare(name, now));
    List<String> unknown =
        names.stream().filter(name -> !topology.knows(name, namespace, type)).toList();
    if (unknown.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return runner
        .runAsync(
            tx -> {
              // Durable too, so a restart knows them before the first event it takes.
              unknown.forEach(name -> topology.noteSource(tx, name, namespace, type));
              return null;
            })
        .thenApply(v -> null);
  }

  /** Whether {@code events} and {@code bytes} of payload stay within one slice. */
  public static boolean fitsOneSlice(int events, long bytes) {
    return events <= MAX_SLICE_EVENTS && bytes + 128L * events <= MAX_SLICE_BYTES;
  }

  private CompletableFuture<Integer> ingest(
      String source, List<IngressMessage> events, Consumer<Transaction> alsoWrite) {
    int[] keyGroups = new int[events.size()];
    byte[][] entries = new byte[events.size()][];
    byte[][] fingerprints = new byte[events.size()][];
    long now = System.currentTimeMillis();
    try {
      for (int i = 0; i < events.size(); i++) {
        IngressMessage e = events.get(i);
        keyGroups[i] = KeyGroups.of(e.namespace(), e.type(), e.id(), groups);
        backlog.admit(keyGroups[i]);
      }
      // Serialized here, outside the source's turn: in turn, each entry only gets its stamp.
      // Events are stored without an id and take their place in the inbox as id
      // (InboxChunks.entryId), those with an idempotency key too: nobody asks for the id a repeat
      // of an ingested event was first given, so its claim needs none.
      EntryEncoder encoder = new EntryEncoder();
      Fingerprints fingerprinter = new Fingerprints();
      for (int i = 0; i < events.size(); i++) {
        boolean keyed = events.get(i).idempotencyKey() != null;
        entries[i] = encoder.encode(events.get(i), "", source, now);
        fingerprints[i] = keyed ? fingerprinter.of(Fingerprints.Kind.EVENT, events.get(i)) : null;
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Prepared prepared = new Prepared(events, keyGroups, entries, fingerprints, now);
    SourceClock clock = sources.clock(source);
    List<Integer> mismatched = new ArrayList<>();
    return clock.serialized(
        () -> {
          CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
          if (alsoWrite != null) {
            chain = slice(clock, prepared, 0, events.size(), mismatched, alsoWrite);
          }
          int from = alsoWrite != null ? events.size() : 0;
          while (from < events.size()) {
            int to = sliceEnd(events, from);
            int start = from;
            chain =
                chain.thenCompose(
                    v ->
                        slice(clock, prepared, start, to, mismatched, null)
                            .exceptionallyCompose(
                                // The slices before are durable: a client that took this for a
                                // refusal and sent the request again would apply them twice.
                                e ->
                                    CompletableFuture.failedFuture(
                                        DispatcherException.afterAccepted(e, start))));
            from = to;
          }
          return chain.thenCompose(
              v ->
                  mismatched.isEmpty()
                      ? CompletableFuture.completedFuture(events.size())
                      : CompletableFuture.failedFuture(
                          mismatch(source, mismatched, events.size())));
        });
  }

  private static DispatcherException mismatch(String source, List<Integer> mismatched, int events) {
    return DispatcherException.ofEvents(
        DispatcherException.Code.IDEMPOTENCY_KEY_MISMATCH,
        mismatched.size()
            + " of "
            + events
            + " events reused an idempotency key given before from source '"
            + source
            + "' with a different event to the same target; they were not applied, the other "
            + (events - mismatched.size())
            + " were accepted",
        mismatched,
        mismatched.size());
  }

  private static int sliceEnd(List<IngressMessage> events, int from) {
    int bytes = 0;
    int to = from;
    while (to < events.size() && to - from < MAX_SLICE_EVENTS && bytes < MAX_SLICE_BYTES) {
      bytes += events.get(to).payload().length + 128;
      to++;
    }
    return to;
  }

  /**
   * Commits events {@code [from, to)}; adds the indices of those refused for their key to {@code
   * mismatched}.
   */
  private CompletableFuture<Void> slice(
      SourceClock clock,
      Prepared prepared,
      int from,
      int to,
      List<Integer> mismatched,
      Consumer<Transaction> alsoWrite) {
    List<IngressMessage> events = prepared.events();
    int[] keyGroups = prepared.keyGroups();
    long now = prepared.now();
    String source = clock.name();
    // The types this slice reaches that the topology does not know yet: a slice has few types,
    // so they are gathered first and looked up once each.
    Set<FunctionType> types = new HashSet<>();
    IngressMessage last = null;
    for (int i = from; i < to; i++) {
      IngressMessage event = events.get(i);
      if (!event.sharesTypeWith(last)) {
        types.add(new FunctionType(event.namespace(), event.type()));
        last = event;
      }
    }
    types.removeIf(t -> topology.knows(source, t.namespace(), t.type()));
    return runner
        .runAsync(
            tx -> {
              int[] added = new int[groups];
              InboxChunks.Writer inbox = inboxes.writer(tx);
              SourceClock.Stamper stamper = clock.stamper(sources.startOf(tx, clock), now);
              List<Integer> refused = new ArrayList<>();
              DedupRecord[] claimed = claims(tx, prepared, source, from, to);
              for (int i = from, keyed = 0; i < to; i++) {
                IngressMessage event = events.get(i);
                if (event.idempotencyKey() != null) {
                  DedupRecord earlier = claimed[keyed++];
                  if (earlier != null) {
                    if (!DedupRecords.sameRequest(earlier, prepared.fingerprints()[i])) {
                      refused.add(i);
                    }
                    continue;
                  }
                }
                inbox.append(
                    keyGroups[i],
                    Stamped.append(prepared.entries()[i], stamper.next(event.eventTimeOr(now))));
                added[keyGroups[i]]++;
              }
              inbox.flush();
              for (int kg = 0; kg < added.length; kg++) {
                if (added[kg] > 0) {
                  inboxes.appended(tx, kg, Inboxes.Mark.INBOX);
                }
              }
              for (FunctionType type : types) {
                topology.noteSource(tx, source, type.namespace(), type.type());
              }
              SourceProgress progress = stamper.progress();
              sources.write(tx, source, progress);
              if (alsoWrite != null) {
                alsoWrite.accept(tx);
              }
              return new Slice(added, progress, refused);
            })
        .thenAccept(
            slice -> {
              mismatched.addAll(slice.refused());
              for (int kg = 0; kg < slice.added().length; kg++) {
                if (slice.added()[kg] > 0) {
                  backlog.enqueued(kg, slice.added()[kg]);
                  signals.signal(kg);
                }
              }
              // After the signals: a key group that sees this progress has been told of these
              // entries.
              clock.commit(slice.progress());
            });
  }

  /**
   * The idempotency keys of events {@code [from, to)} claimed in one read of the store, in the
   * events' order ({@link DedupRecords#claimAll}): per event with a key, its earlier claim or null.
   * One read per key was one round trip per event on a remote store.
   */
  private DedupRecord[] claims(Transaction tx, Prepared prepared, String source, int from, int to) {
    List<DedupRecords.Claim> claims = new ArrayList<>();
    for (int i = from; i < to; i++) {
      IngressMessage event = prepared.events().get(i);
      if (event.idempotencyKey() != null) {
        claims.add(
            new DedupRecords.Claim(
                DedupRecords.Scope.of(source, event),
                event.idempotencyKey(),
                "",
                prepared.fingerprints()[i]));
      }
    }
    return claims.isEmpty() ? new DedupRecord[0] : dedup.claimAll(tx, claims, prepared.now());
  }

  private record Slice(int[] added, SourceProgress progress, List<Integer> refused) {}

  /** A request's events, routed, serialized and fingerprinted before their source's turn. */
  private record Prepared(
      List<IngressMessage> events,
      int[] keyGroups,
      byte[][] entries,
      byte[][] fingerprints,
      long now) {}

  private record FunctionType(String namespace, String type) {}
}
