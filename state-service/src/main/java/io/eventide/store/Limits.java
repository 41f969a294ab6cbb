package io.eventide.store;

/** FoundationDB's limits, enforced by every backend. */
public final class Limits {
  public static final int MAX_KEY_BYTES = 10_000;
  public static final int MAX_VALUE_BYTES = 100_000;
  public static final int MAX_TRANSACTION_BYTES = 10_000_000;
  public static final long MAX_TRANSACTION_MILLIS = 5_000;

  private Limits() {}
}
