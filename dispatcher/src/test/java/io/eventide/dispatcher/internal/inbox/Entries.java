package io.eventide.dispatcher.internal.inbox;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import java.nio.charset.StandardCharsets;

/** Inbox entries as ingress writes them, for the tests of what reads and consumes them. */
public final class Entries {
  public static final String NAMESPACE = "shop";
  public static final String TYPE = "counter";

  private Entries() {}

  public static Address address(String id) {
    return Address.newBuilder().setNamespace(NAMESPACE).setType(TYPE).setId(id).build();
  }

  /** A message of {@code source} to the counter {@code id} with a text payload. */
  public static InboxEntry message(String id, String messageId, String source) {
    return InboxEntry.newBuilder()
        .setTarget(address(id))
        .setPayload(
            Payload.newBuilder()
                .setContentType("text/plain")
                .setData(ByteString.copyFrom(messageId, StandardCharsets.UTF_8)))
        .setMessageId(messageId)
        .setSource(source)
        .build();
  }

  public static InboxEntry message(String id, String messageId) {
    return message(id, messageId, "rest");
  }

  /**
   * An id of the counter whose key group is {@code keyGroup} of {@code groups}, the first found.
   */
  public static String idIn(int keyGroup, int groups) {
    for (int n = 0; ; n++) {
      if (KeyGroups.of(NAMESPACE, TYPE, "k" + n, groups) == keyGroup) {
        return "k" + n;
      }
    }
  }
}
