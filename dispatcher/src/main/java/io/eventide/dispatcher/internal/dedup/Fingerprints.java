package io.eventide.dispatcher.internal.dedup;

import io.eventide.dispatcher.api.IngressMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What an idempotency key's claim remembers of its request, so that the key reused for a different
 * request is refused rather than answered with another request's outcome (as the IETF
 * Idempotency-Key draft and Stripe do): SHA-256 over the kind of request, the content type, the
 * event time when the client set it, and the payload bytes. An event time left to ingestion is not
 * part of it: a retry is stamped anew and is still the same request.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one instance per request (it reuses its digest).
 */
public final class Fingerprints {
  /** The kinds of request; a key given for one kind is not reusable for another. */
  public enum Kind {
    SEND,
    CALL,
    EVENT
  }

  private final MessageDigest digest;
  private final ByteBuffer header = ByteBuffer.allocate(1 + 4 + 1 + 8);

  public Fingerprints() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public byte[] of(Kind kind, IngressMessage m) {
    String type = m.contentTypeOrDefault();
    byte[] contentType = type.getBytes(StandardCharsets.UTF_8);
    boolean explicitTime = m.eventTime() != IngressMessage.INGESTION_TIME;
    header.clear();
    header
        .put((byte) kind.ordinal())
        .putInt(contentType.length)
        .put((byte) (explicitTime ? 1 : 0))
        .putLong(explicitTime ? m.eventTime() : 0);
    digest.update(header.array(), 0, header.position());
    digest.update(contentType);
    digest.update(m.payload());
    return digest.digest();
  }
}
