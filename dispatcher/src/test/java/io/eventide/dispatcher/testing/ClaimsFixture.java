package io.eventide.dispatcher.testing;

import io.eventide.dispatcher.internal.dedup.DedupRecords;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The idempotency claims of NDJSON slices for the benchmarks module's {@code ClaimsBenchmark}:
 * {@link DedupRecords} is internal to the dispatcher. Event {@code n} claims key {@code
 * orders:0123456789abcdef:n} for {@code bench/count/k<n % 10000>} from source {@code orders}.
 */
public final class ClaimsFixture {
  private final DedupRecords records;
  private final byte[] fingerprint = new byte[32];
  private final List<List<DedupRecords.Claim>> slices = new ArrayList<>();
  private final List<List<byte[]>> keys = new ArrayList<>();

  /**
   * {@code count} slices of {@code size} claims each, a tenth of them of events below {@code
   * stored} (claimed before), the rest new.
   */
  public ClaimsFixture(Keyspace keyspace, int stored, int count, int size) {
    this.records = new DedupRecords(keyspace);
    SplittableRandom random = new SplittableRandom(7);
    for (int s = 0; s < count; s++) {
      List<DedupRecords.Claim> slice = new ArrayList<>(size);
      List<byte[]> sliceKeys = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        int n = random.nextInt(10) == 0 ? random.nextInt(stored) : stored + s * size + i;
        DedupRecords.Claim claim = claim(n);
        slice.add(claim);
        sliceKeys.add(records.claimKey(claim.scope(), claim.key()));
      }
      slices.add(slice);
      keys.add(sliceKeys);
    }
  }

  /** Claims events {@code [from, to)} in {@code tx}, as earlier slices did. */
  public void claimEvents(Transaction tx, int from, int to, long now) {
    List<DedupRecords.Claim> claims = new ArrayList<>(to - from);
    for (int n = from; n < to; n++) {
      claims.add(claim(n));
    }
    records.claimAll(tx, claims, now);
  }

  /** The claim keys of slice {@code slice}, as {@link DedupRecords} reads them. */
  public List<byte[]> claimKeys(int slice) {
    return keys.get(slice);
  }

  /** Claims slice {@code slice} in {@code tx}; returns how many of its keys were claimed before. */
  public int claimSlice(Transaction tx, int slice, long now) {
    int before = 0;
    for (Object earlier : records.claimAll(tx, slices.get(slice), now)) {
      if (earlier != null) {
        before++;
      }
    }
    return before;
  }

  private DedupRecords.Claim claim(int n) {
    DedupRecords.Scope scope = new DedupRecords.Scope("orders", "bench", "count", "k" + n % 10_000);
    return new DedupRecords.Claim(scope, "orders:0123456789abcdef:" + n, "", fingerprint);
  }
}
