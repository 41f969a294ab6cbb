package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.client.HttpAnswer;
import io.eventide.worker.testing.ZipBombs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Zip bombs sent to {@code POST /v1/deployments}: each is refused at deploy time with a clear 4xx
 * within seconds, unpacked no further than the jar bounds; a jar merely carrying one is accepted,
 * since nested jars are never opened.
 */
class JarBombsIT extends ExamplesNode {
  private static final int MIB = 1 << 20;
  private static final Duration QUICKLY = Duration.ofSeconds(30);

  @Test
  void entriesInflatingToGigabytesAre400() throws Exception {
    byte[] bomb = ZipBombs.zeros(4, 1024); // 4 GiB of zeros
    assertThat(bomb.length).isLessThan(8 * MIB);

    HttpAnswer answer = deployQuickly(bomb);
    assertJsonError(answer, 400);
    assertThat(answer.text()).contains("zip bomb");
  }

  @Test
  void entriesSharingTheirDataAre413() throws Exception {
    HttpAnswer answer = deployQuickly(ZipBombs.overlapping(200, 8 * MIB)); // 1.6 GiB from 0.3 MB
    assertJsonError(answer, 413);
    assertThat(answer.text()).contains("inflates to more than");
  }

  @Test
  void aHugeNumberOfEntriesIs413() throws Exception {
    HttpAnswer answer = deployQuickly(ZipBombs.manyEntries(150_000));
    assertJsonError(answer, 413);
    assertThat(answer.text()).contains("entries");
  }

  @Test
  void aClassFileTooLargeToLoadIs413() throws Exception {
    HttpAnswer answer =
        deployQuickly(ZipBombs.single("huge/Generated.class", ZipBombs.lowEntropy(17 * MIB, 5)));
    assertJsonError(answer, 413);
    assertThat(answer.text()).contains("class file");
  }

  @Test
  void aJarCarryingANestedBombIsNotUnpackedFurther() throws Exception {
    byte[] module = BrokenJars.oneType(tmp, "bombs", "nested");
    byte[] nesting = ZipBombs.withEntry(module, "lib/bomb.jar", ZipBombs.zeros(4, 1024));

    HttpAnswer answer = deployQuickly(nesting);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    String id = Json.parse(answer).path("deploymentId").asText();
    assertThat(request("DELETE", "/v1/deployments/" + id, null, Map.of()).status()).isEqualTo(200);
  }

  private HttpAnswer deployQuickly(byte[] jar) throws Exception {
    long start = System.nanoTime();
    HttpAnswer answer = post("/v1/deployments", jar);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
    return answer;
  }
}
