package io.eventide.dispatcher.internal.ingress;

import com.google.protobuf.CodedOutputStream;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.protocol.InboxEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Stamps a serialized inbox entry with its place in the source's order. A source's requests are
 * committed one after another, so whatever runs while its turn is held delays every later request
 * of the source; the entries are therefore serialized before (on the request's own thread), and
 * only the two stamp fields are appended in turn. Appending is valid protobuf: a parser reads
 * fields in any order, and the entries carry no stamp of their own.
 */
final class Stamped {
  private Stamped() {}

  static byte[] append(byte[] unstamped, SourceClock.Stamp stamp) {
    int size =
        unstamped.length
            + CodedOutputStream.computeInt64Size(
                InboxEntry.SOURCE_SEQUENCE_FIELD_NUMBER, stamp.sequence())
            + CodedOutputStream.computeInt64Size(
                InboxEntry.SOURCE_WATERMARK_FIELD_NUMBER, stamp.watermark());
    byte[] out = Arrays.copyOf(unstamped, size);
    CodedOutputStream tail =
        CodedOutputStream.newInstance(out, unstamped.length, size - unstamped.length);
    try {
      tail.writeInt64(InboxEntry.SOURCE_SEQUENCE_FIELD_NUMBER, stamp.sequence());
      tail.writeInt64(InboxEntry.SOURCE_WATERMARK_FIELD_NUMBER, stamp.watermark());
      tail.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("sized exactly above", e);
    }
    return out;
  }
}
