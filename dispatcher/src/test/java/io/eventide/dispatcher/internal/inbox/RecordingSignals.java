package io.eventide.dispatcher.internal.inbox;

import io.eventide.protocol.InboxEntry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What commits told the shards, kept for a test to read: the shards themselves are not under test.
 * Hand-overs are refused, as by a shard whose queue is full.
 */
public final class RecordingSignals implements Signals {
  public final List<Integer> signalled = new CopyOnWriteArrayList<>();
  public final List<long[]> delayed = new CopyOnWriteArrayList<>();

  @Override
  public void signal(int keyGroup) {
    signalled.add(keyGroup);
  }

  @Override
  public void delayed(int keyGroup, long dueAt) {
    delayed.add(new long[] {keyGroup, dueAt});
  }

  @Override
  public boolean handOver(int keyGroup, InboxEntry call) {
    return false;
  }
}
