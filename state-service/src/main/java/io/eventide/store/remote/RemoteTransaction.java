package io.eventide.store.remote;

import io.eventide.protocol.StoreBeginReply;
import io.eventide.protocol.StoreGetRangeRequest;
import io.eventide.protocol.StoreGetRangesReply;
import io.eventide.protocol.StoreGetRangesRequest;
import io.eventide.protocol.StoreGetRequest;
import io.eventide.protocol.StoreOp;
import io.eventide.store.CommitResult;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.ReadsThrough;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A transaction of {@link RemoteStore}: writes are checked against the limits and buffered here;
 * each read sends them ahead of itself to the server's session, whose transaction resolves the read
 * (with read-your-writes and conflict tracking) and, later, the commit.
 *
 * <p>After a call fails in transport, the client cannot know which of the writes it carried reached
 * the session; the transaction then refuses further reads and its commit with {@code UNAVAILABLE}
 * (retryable): committing could apply a partial write set.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe (one thread at a time).
 */
final class RemoteTransaction implements ReadsThrough {
  private enum State {
    OPEN,
    COMMITTING,
    CLOSED
  }

  private final RemoteCalls calls;

  /** 0 until the session is open ({@link RemoteStore#beginWrites} opens it on first need). */
  private long session;

  private long readVersion;
  private final WriteBuffer writes = new WriteBuffer();
  private final ReadView reads = new Reads(false);
  private final ReadView snapshotReads = new Reads(true);
  private State state = State.OPEN;
  private StoreException
      lostContact; // the transport failure that left the session's writes unknown

  RemoteTransaction(RemoteCalls calls, long session, long readVersion) {
    this.calls = calls;
    this.session = session;
    this.readVersion = readVersion;
  }

  /** A transaction whose session opens at its first read, or with its commit. */
  RemoteTransaction(RemoteCalls calls) {
    this.calls = calls;
  }

  private void openSession() {
    if (session == 0) {
      StoreBeginReply reply = calls.begin();
      session = reply.getSession();
      readVersion = reply.getReadVersion();
    }
  }

  @Override
  public ReadView reads() {
    return reads;
  }

  @Override
  public ReadView snapshot() {
    return snapshotReads;
  }

  @Override
  public long readVersion() {
    openSession();
    return readVersion;
  }

  /**
   * Sends the pending writes (all but the last batch ahead) and makes {@code read} with the last.
   */
  private <T> T exchange(Function<List<StoreOp>, T> read) {
    return exchange(read, false);
  }

  /**
   * As {@link #exchange(Function)}; with {@code opensSession} a read sent without a session begins
   * it ({@code GetRanges}), unless writes must go ahead of it.
   */
  private <T> T exchange(Function<List<StoreOp>, T> read, boolean opensSession) {
    requireOpen();
    requireContact();
    if (!opensSession || !writes.isEmpty()) {
      openSession();
    }
    List<List<StoreOp>> batches = writes.drain();
    try {
      for (List<StoreOp> batch : batches.subList(0, batches.size() - 1)) {
        calls.apply(session, batch);
      }
      return read.apply(batches.get(batches.size() - 1));
    } catch (StoreException e) {
      if (StoreStatus.isTransportFailure(e)) {
        lostContact = e;
      }
      throw e;
    }
  }

  @Override
  public void set(byte[] key, byte[] value) {
    requireOpen();
    writes.set(key, value);
  }

  @Override
  public void clear(byte[] key) {
    requireOpen();
    writes.clear(key);
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    requireOpen();
    writes.clearRange(begin, end);
  }

  @Override
  public void add(byte[] key, long delta) {
    requireOpen();
    writes.add(key, delta);
  }

  @Override
  public void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    requireOpen();
    writes.setVersionstampedKey(prefix, userVersion, suffix, value);
  }

  @Override
  public void requireValue(byte[] key, byte[] expected) {
    requireOpen();
    writes.requireValue(key, expected);
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    requireOpen();
    writes.addReadConflictRange(begin, end);
  }

  @Override
  public CompletableFuture<CommitResult> commitAsync() {
    if (state != State.OPEN) {
      return CompletableFuture.failedFuture(
          new StoreException(
              Code.INVALID, "transaction already " + state.name().toLowerCase(Locale.ROOT)));
    }
    state = State.COMMITTING;
    List<List<StoreOp>> batches;
    try {
      requireContact();
      batches = writes.drain();
      if (batches.size() > 1) {
        openSession(); // the batches ahead of the last are applied to the session first
      }
    } catch (StoreException e) {
      release();
      return CompletableFuture.failedFuture(e);
    }
    // With no session yet, the commit begins its own (session 0): one round trip, not two.
    return calls
        .commitAsync(session, batches)
        .thenApply(
            reply -> new CommitResult(reply.getVersion(), reply.getVersionstamp().toByteArray()));
  }

  @Override
  public long approximateSize() {
    return writes.size();
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      release();
    }
  }

  private void release() {
    if (session != 0) {
      calls.releaseAsync(session);
    }
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new StoreException(
          Code.INVALID, "transaction is " + state.name().toLowerCase(Locale.ROOT));
    }
  }

  private void requireContact() {
    calls.ensureOpen();
    if (lostContact != null) {
      throw new StoreException(
          Code.UNAVAILABLE,
          "transaction lost contact with its server session: " + lostContact.getMessage(),
          lostContact);
    }
  }

  /** Reads through the session, with ({@code snapshot}: without) read conflicts. */
  /** Prefixes per GetRanges call: a batch's state in a few round trips, replies of modest size. */
  static final int RANGES_PER_CALL = 512;

  private final class Reads implements ReadView {
    private final boolean snapshot;

    Reads(boolean snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public byte[] get(byte[] key) {
      return exchange(
          ops ->
              calls.get(
                  StoreGetRequest.newBuilder()
                      .setSession(session)
                      .addAllOps(ops)
                      .setKey(Ops.bytes(key))
                      .setSnapshot(snapshot)
                      .build()));
    }

    /**
     * Each key as the range of that key alone, {@code [key, key + 0x00)}, read with {@link
     * #getRanges}: one round trip per {@link #RANGES_PER_CALL} keys, and the read conflict of a
     * point read.
     */
    @Override
    public List<byte[]> getMany(List<byte[]> keys) {
      List<byte[][]> ranges = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        ranges.add(new byte[][] {key, Keys.keyAfter(key)});
      }
      List<List<KeyValue>> read = getRanges(ranges, 1);
      List<byte[]> values = new ArrayList<>(keys.size());
      for (List<KeyValue> one : read) {
        values.add(one.isEmpty() ? null : one.get(0).value());
      }
      return values;
    }

    /** One round trip per {@link #RANGES_PER_CALL} ranges, instead of one per range. */
    @Override
    public List<List<KeyValue>> getRanges(List<byte[][]> ranges, int limit) {
      List<List<KeyValue>> all = new ArrayList<>(ranges.size());
      while (all.size() < ranges.size()) {
        List<byte[][]> next =
            ranges.subList(all.size(), Math.min(ranges.size(), all.size() + RANGES_PER_CALL));
        List<List<KeyValue>> read =
            exchange(
                ops -> {
                  StoreGetRangesRequest.Builder request =
                      StoreGetRangesRequest.newBuilder()
                          .setSession(session)
                          .addAllOps(ops)
                          .setSnapshot(snapshot)
                          .setLimit(limit);
                  next.forEach(range -> request.addRanges(Ops.range(range[0], range[1])));
                  return calls.getRanges(request.build(), this::begun);
                },
                true);
        if (read.isEmpty()) {
          // One range too large for a reply: streamed in pages.
          all.add(getRange(next.get(0)[0], next.get(0)[1], limit, false));
        } else {
          all.addAll(read);
        }
      }
      return all;
    }

    private void begun(StoreGetRangesReply reply) {
      session = reply.getSession();
      readVersion = reply.getReadVersion();
    }

    @Override
    public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
      return exchange(
          ops ->
              calls.getRange(
                  StoreGetRangeRequest.newBuilder()
                      .setSession(session)
                      .addAllOps(ops)
                      .setRange(Ops.range(begin, end))
                      .setLimit(limit)
                      .setReverse(reverse)
                      .setSnapshot(snapshot)
                      .build()));
    }
  }
}
