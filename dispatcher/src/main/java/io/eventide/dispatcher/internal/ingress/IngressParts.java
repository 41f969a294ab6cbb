package io.eventide.dispatcher.internal.ingress;

import io.eventide.dispatcher.internal.commit.PendingCalls;
import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.dispatcher.internal.eventtime.Sources;
import io.eventide.dispatcher.internal.eventtime.Topology;
import io.eventide.dispatcher.internal.inbox.Backlog;
import io.eventide.dispatcher.internal.inbox.Inboxes;
import io.eventide.dispatcher.internal.inbox.Signals;

/**
 * What the ingress appends through, shared with the shards that consume it.
 *
 * @param inboxes where messages are appended
 * @param backlog admits messages while their key group is under its limit
 * @param sources the ingress sources' durable progress
 * @param topology which sources reach which function types
 * @param calls the callers waiting for replies
 * @param dedup the records of idempotency keys
 * @param signals tells a key group's shard of what was appended
 */
public record IngressParts(
    Inboxes inboxes,
    Backlog backlog,
    Sources sources,
    Topology topology,
    PendingCalls calls,
    DedupRecords dedup,
    Signals signals) {}
