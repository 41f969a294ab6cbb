package io.eventide.dispatcher.internal.commit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.protocol.InboxEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The record written to the {@code dead-letters} egress for a message that kept failing. */
public final class DeadLetters {
  /** The egress every dead letter goes to. */
  public static final String EGRESS = "dead-letters";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeadLetters() {}

  static byte[] record(
      InboxEntry entry, String messageId, String code, String message, int attempts) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("target", Addr.of(entry.getTarget()).toString());
    node.put("messageId", messageId);
    if (entry.hasCaller()) {
      node.put("caller", Addr.of(entry.getCaller()).toString());
    }
    node.put("attempts", attempts);
    node.putObject("error").put("code", code).put("message", message);
    node.put("contentType", entry.getPayload().getContentType());
    byte[] payload = entry.getPayload().getData().toByteArray();
    String text = utf8(payload);
    if (text != null) {
      node.put("payload", text);
    } else {
      node.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
    }
    node.put("eventTime", entry.getEventTime());
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dead-letter record", e);
    }
  }

  /** {@code bytes} as UTF-8 text; null when they are not valid UTF-8 (then shown in base64). */
  public static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
