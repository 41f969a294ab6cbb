package io.eventide.dispatcher.internal.commit;

import io.eventide.dispatcher.internal.cluster.LeaseTable;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.eventtime.InternalHolds;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Signals;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;

/**
 * What a shard's commits work with: where their effects go (inboxes, outboxes, state, timers,
 * idempotency records), the leases they are fenced on, and whom they tell once durable.
 *
 * @param keyGroups the dispatcher's key-group count
 * @param maxAttempts attempts of a failing message before it is dead-lettered
 * @param holds the watermarks of messages between functions still in flight
 * @param topology which function types send to which
 * @param calls the callers waiting for replies
 * @param signals the shards to tell of new inbox entries and delayed messages
 */
public record CommitParts(
    int keyGroups,
    int maxAttempts,
    Store store,
    Keyspace keyspace,
    LeaseTable leases,
    InternalHolds holds,
    Topology topology,
    PendingCalls calls,
    DedupRecords dedup,
    Inboxes inboxes,
    Outboxes outboxes,
    Signals signals,
    Backlog backlog,
    ProcessingMetrics metrics) {}
