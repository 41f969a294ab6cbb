package io.eventide.store;

/**
 * What a successful commit reports.
 *
 * <p>The versionstamp, not the version, identifies a commit. On FoundationDB the transactions of
 * one commit batch share a commit version and differ only in the versionstamp's batch order, so two
 * concurrent commits may report the same version; the embedded backend gives each commit its own
 * version, which code must not rely on. A commit that began after another one completed has a
 * greater version. A commit without writes applies nothing and reports its read version, with batch
 * order 0: its versionstamp names no key and may equal another commit's.
 *
 * @param version the commit version: greater than that of every commit completed before this one
 *     began, and shared by commits that FoundationDB committed in one batch
 * @param versionstamp the 10-byte transaction versionstamp (commit version, batch order; see {@link
 *     Versionstamps}) given to this commit's versionstamped keys, unique per commit that wrote
 */
public record CommitResult(long version, byte[] versionstamp) {}
