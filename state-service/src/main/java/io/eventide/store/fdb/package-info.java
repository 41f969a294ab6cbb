/**
 * The FoundationDB backend of the store SPI.
 *
 * <ul>
 *   <li>{@link io.eventide.store.fdb.FdbStore}: the {@link io.eventide.store.Store}, opened from a
 *       cluster file ({@link io.eventide.store.fdb.FdbClusterFile} says where one is configured).
 *   <li>{@link io.eventide.store.fdb.FdbRunner}: runs transactions with retries, applying each at
 *       most once even when FoundationDB reports {@code commit_unknown_result}.
 * </ul>
 *
 * Everything else is package-private: the error map, the versionstamped-key operand, fences, the
 * commit-id ledger and the retry decisions, each unit-tested without the native client. The
 * conformance suite runs against a real cluster when one is configured, and is skipped, saying what
 * to install, otherwise.
 */
package io.eventide.store.fdb;
