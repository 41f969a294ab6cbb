package io.eventide.benchmarks.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CepPipelineTest {

  @Test
  void readsKeyTimeAndKindWhateverElseThePayloadHolds() throws IOException {
    CepPipeline.CepEvent event =
        new CepPipeline.Parse()
            .map(
                "{\"target\":\"bench/cep/k/7\",\"payload\":{\"n\":[1,{\"kind\":\"x\"}],\"kind\":\"b\"},"
                    + "\"eventTime\":1700000000123}");

    assertThat(event.key).isEqualTo("k/7");
    assertThat(event.eventTime).isEqualTo(1_700_000_000_123L);
    assertThat(event.kind).isEqualTo("b");
  }
}
