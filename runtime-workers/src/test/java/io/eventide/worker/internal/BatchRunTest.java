package io.eventide.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.StateValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a quick batch's results are cut into parts: by bytes across gRPC, not at all in process. */
class BatchRunTest {
  @Test
  void resultsOfExactlyThePartLimitGoInOnePartAndOneBytePastInTwo() {
    List<InvocationResult> atLimit = resultsTotalling(BatchRun.MAX_PART_BYTES);
    List<InvocationBatchPart> parts = run(atLimit, BatchRun.MAX_PART_BYTES);
    assertThat(parts).singleElement().satisfies(part -> assertWhole(part, atLimit));

    List<InvocationResult> past = resultsTotalling(BatchRun.MAX_PART_BYTES + 1);
    parts = run(past, BatchRun.MAX_PART_BYTES);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).getIndexesList()).containsExactly(0);
    assertThat(parts.get(0).getLast()).isFalse();
    assertThat(parts.get(1).getIndexesList()).containsExactly(1);
    assertThat(parts.get(1).getLast()).isTrue();
    assertThat(parts.get(1).getResults(0)).isEqualTo(past.get(1));
  }

  @Test
  void inProcessEveryResultGoesInOnePartWhateverItsSize() {
    List<InvocationResult> past = resultsTotalling(BatchRun.MAX_PART_BYTES + 1);
    assertThat(run(past, BatchRun.UNBOUNDED_PARTS))
        .singleElement()
        .satisfies(part -> assertWhole(part, past));
  }

  private static void assertWhole(InvocationBatchPart part, List<InvocationResult> results) {
    assertThat(part.getIndexesList()).isEmpty();
    assertThat(part.getLast()).isTrue();
    assertThat(part.getResultsList()).isEqualTo(results);
  }

  private static List<InvocationBatchPart> run(List<InvocationResult> results, long maxPartBytes) {
    List<InvocationBatchPart> parts = new ArrayList<>();
    BatchRun batch = new BatchRun(results.size(), parts::add, 0, maxPartBytes);
    for (int i = 0; i < results.size(); i++) {
      assertThat(batch.set(i, results.get(i))).isTrue();
    }
    return parts;
  }

  /** Two results whose serialized sizes add up to exactly {@code total} bytes. */
  private static List<InvocationResult> resultsTotalling(long total) {
    InvocationResult first = withValueOf(8 << 20);
    InvocationResult second = withValueOf((int) (total - first.getSerializedSize()));
    // The length prefixes grow with the value: trim the second until the sum is exact.
    for (int value = (int) (total - first.getSerializedSize());
        first.getSerializedSize() + second.getSerializedSize() > total;
        value--) {
      second = withValueOf(value);
    }
    assertThat((long) first.getSerializedSize() + second.getSerializedSize()).isEqualTo(total);
    return List.of(first, second);
  }

  private static InvocationResult withValueOf(int bytes) {
    return InvocationResult.newBuilder()
        .setHandled(1)
        .addState(
            StateValue.newBuilder().setName("v").setValue(ByteString.copyFrom(new byte[bytes])))
        .build();
  }
}
