package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxChunk;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written chunk decoder against the generated parser, on the bytes the writers store. */
class ChunkDecoderTest {
  private final ChunkDecoder decoder = new ChunkDecoder();

  @Test
  void decodesRandomChunksExactlyAsTheGeneratedParser() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      List<byte[]> entries = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(InboxChunks.MAX_ENTRIES); i < n; i++) {
        entries.add(randomEntry(random).toByteArray());
      }
      byte[] chunk = InboxChunks.encode(entries);

      assertThat(decoder.decode(chunk)).isEqualTo(InboxChunk.parseFrom(chunk).getEntriesList());
    }
  }

  @Test
  void sharesRepeatingStringsAndThePayloadsArray() throws Exception {
    InboxEntry a = entry("k1", "{\"n\":1}");
    InboxEntry b = entry("k2", "{\"n\":2}");
    List<InboxEntry> decoded =
        decoder.decode(InboxChunks.encode(List.of(a.toByteArray(), b.toByteArray())));

    assertThat(decoded).containsExactly(a, b);
    assertThat(decoded.get(1).getTarget().getType()).isSameAs(decoded.get(0).getTarget().getType());
    assertThat(decoded.get(1).getSource()).isSameAs(decoded.get(0).getSource());
    assertThat(decoded.get(1).getTarget().getId()).isNotSameAs(decoded.get(0).getTarget().getId());
  }

  @Test
  void aTargetSeenBeforeIsTheSameInstanceAndADifferentOneIsNot() throws Exception {
    List<InboxEntry> first =
        decoder.decode(InboxChunks.encode(List.of(entry("k1", "1").toByteArray())));
    List<InboxEntry> later =
        decoder.decode(
            InboxChunks.encode(
                List.of(entry("k2", "2").toByteArray(), entry("k1", "3").toByteArray())));

    assertThat(later.get(1).getTarget()).isSameAs(first.get(0).getTarget());
    assertThat(later.get(0).getTarget().getId()).isEqualTo("k2");
    assertThat(later.get(1).getPayload().getData().toStringUtf8()).isEqualTo("3");
  }

  @Test
  void moreAddressesThanItKeepsDecodeRightInAnyOrder() throws Exception {
    // Four times the table's slots, twice over in different orders: every hit, miss and
    // eviction must still give the address the bytes hold.
    Random random = new Random(3);
    List<Integer> keys = new ArrayList<>();
    for (int k = 0; k < 4 << 15; k++) {
      keys.add(k);
    }
    for (int pass = 0; pass < 2; pass++) {
      java.util.Collections.shuffle(keys, random);
      for (int from = 0; from < keys.size(); from += InboxChunks.MAX_ENTRIES) {
        List<byte[]> entries = new ArrayList<>();
        for (int k : keys.subList(from, Math.min(keys.size(), from + InboxChunks.MAX_ENTRIES))) {
          entries.add(entry("i3kq7-k" + k, "1").toByteArray());
        }
        byte[] chunk = InboxChunks.encode(entries);

        assertThat(decoder.decode(chunk)).isEqualTo(InboxChunk.parseFrom(chunk).getEntriesList());
      }
    }
  }

  @Test
  void anEntryWithAFieldItDoesNotKnowGoesToTheGeneratedParser() throws Exception {
    // A later version's field 40, appended to an entry as a newer writer would.
    ByteArrayOutputStream extended = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(extended);
    out.writeRawBytes(entry("k1", "1").toByteArray());
    out.writeString(40, "from the future");
    out.flush();
    byte[] chunk =
        InboxChunks.encode(List.of(extended.toByteArray(), entry("k2", "2").toByteArray()));

    List<InboxEntry> decoded = decoder.decode(chunk);

    assertThat(decoded).isEqualTo(InboxChunk.parseFrom(chunk).getEntriesList());
    assertThat(decoded.get(0).getUnknownFields().hasField(40)).isTrue();
  }

  @Test
  void refusesATruncatedChunk() {
    byte[] chunk = InboxChunks.encode(List.of(entry("k1", "1").toByteArray()));
    byte[] truncated = Arrays.copyOf(chunk, chunk.length - 3);

    assertThatThrownBy(() -> decoder.decode(truncated))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void refusesANestedFieldRunningPastItsEntry() {
    // Entry one is a target claiming 20 bytes where its entry holds 3; entry two follows, so the
    // overrun still lies inside the chunk.
    byte[] overrun = {0x0a, 20, 0x0a, 1, 'n'};
    byte[] chunk = InboxChunks.encode(List.of(overrun, entry("k2", "2").toByteArray()));

    assertThatThrownBy(() -> InboxChunk.parseFrom(chunk))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> decoder.decode(chunk))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  private static InboxEntry entry(String id, String payload) {
    return InboxEntry.newBuilder()
        .setTarget(Address.newBuilder().setNamespace("bench").setType("count").setId(id))
        .setPayload(
            Payload.newBuilder()
                .setContentType("application/json")
                .setData(ByteString.copyFromUtf8(payload)))
        .setEventTime(1_700_000_000_000L)
        .setSource("clicks")
        .setSourceSequence(12)
        .setSourceWatermark(Long.MIN_VALUE)
        .build();
  }

  private static InboxEntry randomEntry(Random random) {
    InboxEntry.Builder entry = InboxEntry.newBuilder();
    if (random.nextInt(10) > 0) {
      entry.setTarget(randomAddress(random));
    }
    if (random.nextBoolean()) {
      entry.setCaller(randomAddress(random));
    }
    if (random.nextInt(10) > 0) {
      Payload.Builder payload = Payload.newBuilder();
      if (random.nextBoolean()) {
        payload.setContentType(
            pick(random, "application/json", "text/plain", "", "application/x-ü"));
      }
      byte[] data = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(300)];
      random.nextBytes(data);
      entry.setPayload(payload.setData(ByteString.copyFrom(data)));
    }
    long[] numbers = {
      0, 1, -1, 127, 128, 16_384, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong()
    };
    entry
        .setEventTime(numbers[random.nextInt(numbers.length)])
        .setSourceSequence(numbers[random.nextInt(numbers.length)])
        .setSourceWatermark(numbers[random.nextInt(numbers.length)])
        .setAttempt(random.nextInt(5) - 2);
    if (random.nextBoolean()) {
      entry.setMessageId("m" + Long.toHexString(random.nextLong()));
    }
    if (random.nextInt(4) == 0) {
      entry.setCallId("c" + random.nextInt());
    }
    if (random.nextInt(4) == 0) {
      entry.setIdempotencyKey(text(random));
    }
    entry.setSource(pick(random, "clicks", "internal", "timer", "", "Quellé"));
    return entry.build();
  }

  private static Address randomAddress(Random random) {
    return Address.newBuilder()
        .setNamespace(pick(random, "bench", "acme", "", "n-ä"))
        .setType(pick(random, "count", "window-count", "t"))
        .setId(text(random))
        .build();
  }

  private static String pick(Random random, String... values) {
    return values[random.nextInt(values.length)];
  }

  private static String text(Random random) {
    String alphabet = "abcxyz0189-_/ äöü€中😀";
    int[] points = alphabet.codePoints().toArray();
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = random.nextInt(40); i < n; i++) {
      s.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return s.toString();
  }
}
