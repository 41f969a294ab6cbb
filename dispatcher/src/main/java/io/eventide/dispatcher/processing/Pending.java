package io.eventide.dispatcher.processing;

import io.eventide.dispatcher.routing.Addr;
import io.eventide.protocol.InboxEntry;

/**
 * A message waiting in a shard: an inbox entry loaded into memory (cleared when its batch commits),
 * or a call handed over in memory, which has no inbox key.
 */
final class Pending {
  final byte[] key;
  final InboxEntry entry;
  final Addr address;
  final int keyGroup;
  boolean consumed;
  /** In a batch that has not finished yet: no later batch may take it again. */
  boolean taken;

  Pending(byte[] key, InboxEntry entry, int keyGroup) {
    this.key = key;
    this.entry = entry;
    this.address = Addr.of(entry.getTarget());
    this.keyGroup = keyGroup;
  }

  /** A message in the inbox, as opposed to a call handed over in memory (see {@link Shard#offerDirect}). */
  boolean durable() {
    return key != null;
  }

  int size() {
    return entry.getPayload().getData().size() + 64;
  }
}
