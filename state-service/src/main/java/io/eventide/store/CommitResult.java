package io.eventide.store;

/**
 * What a successful commit reports.
 *
 * @param version the commit version, increasing with every commit
 * @param versionstamp the 10-byte transaction versionstamp given to this commit's versionstamped
 *     keys
 */
public record CommitResult(long version, byte[] versionstamp) {}
