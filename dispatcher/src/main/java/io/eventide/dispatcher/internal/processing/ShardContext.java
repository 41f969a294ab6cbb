package io.eventide.dispatcher.internal.processing;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.internal.commit.Outboxes;
import io.eventide.dispatcher.internal.inbox.Signals;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;

/**
 * What every shard of a dispatcher works with: its settings, its store, its workers, the parts it
 * shares with ingress and queries, where to tell other shards of new work, the outbox prefixes, and
 * (in a cluster) what reads what other dispatchers wrote.
 */
record ShardContext(
    DispatcherConfig config,
    Store store,
    Keyspace keyspace,
    TransactionRunner runner,
    Invoker invoker,
    Shards.Parts parts,
    Signals signals,
    Outboxes outboxes,
    ClusterSweep sweep) {}
