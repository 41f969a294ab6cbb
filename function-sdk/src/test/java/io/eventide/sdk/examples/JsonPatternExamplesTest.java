package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.cep.JsonPattern;
import io.eventide.sdk.cep.JsonPatternVersions;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of JSON patterns, run. */
class JsonPatternExamplesTest {
  @TempDir Path dir;

  @Test
  void aJsonPatternIsParsedAndRegistered() throws Exception {
    Files.writeString(
        dir.resolve("big-after-small.json"),
        "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": [{\"name\": \"small\", \"where\":"
            + " {\"field\": \"amount\", \"op\": \"<\", \"value\": 1}}]}, \"output\": {\"egress\":"
            + " \"alerts\"}}");
    String cwd = dir.toString();
    // javadoc: JsonPattern
    byte[] body = Files.readAllBytes(Path.of(cwd, "big-after-small.json"));
    JsonPattern parsed = JsonPattern.parse(body); // MalformedPatternException says what is wrong
    TypeName input = parsed.input(); // fraud/card
    // end javadoc
    assertThat(input).isEqualTo(TypeName.of("fraud", "card"));
    // javadoc: JsonPatternVersions
    JsonPatternVersions versions = JsonPatternVersions.of("big-after-small", Map.of(1, parsed));
    FunctionTestDriver driver = FunctionTestDriver.create().register(versions.functionSpec());
    // end javadoc
    // javadoc: JsonPatternVersions#functionSpec
    FunctionSpec spec = versions.functionSpec(); // serves versions.input()
    // end javadoc
    assertThat(spec.type()).isEqualTo(input);
    assertThat(driver.functionTypes()).contains(input);
  }
}
