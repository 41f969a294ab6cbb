package io.eventide.dispatcher.processing;

import io.eventide.dispatcher.routing.Addr;
import io.eventide.protocol.InboxEntry;

/** An inbox entry loaded into memory, waiting to be processed and then cleared. */
final class Pending {
  final byte[] key;
  final InboxEntry entry;
  final Addr address;
  final int keyGroup;
  boolean consumed;

  Pending(byte[] key, InboxEntry entry, int keyGroup) {
    this.key = key;
    this.entry = entry;
    this.address = Addr.of(entry.getTarget());
    this.keyGroup = keyGroup;
  }

  int size() {
    return entry.getPayload().getData().size() + 64;
  }
}
