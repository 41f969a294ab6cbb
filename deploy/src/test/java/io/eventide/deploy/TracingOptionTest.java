package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --otlp-endpoint} and {@code --otlp-sample-ratio}, checked at and past their limits. */
class TracingOptionTest {
  private final CommandSpec spec =
      Launcher.commandLine().getSubcommands().get("standalone").getCommandSpec();

  @Test
  void theSampleRatioIsTakenFromZeroToOne() {
    assertThat(TracingOption.ratio(spec, "0")).isZero();
    assertThat(TracingOption.ratio(spec, "1")).isEqualTo(1.0);
    assertThat(TracingOption.ratio(spec, " 0.25 ")).isEqualTo(0.25);
    for (String bad : new String[] {"-0.01", "1.01", "NaN", "half"}) {
      assertThatThrownBy(() -> TracingOption.ratio(spec, bad))
          .isInstanceOf(ParameterException.class)
          .hasMessage("--otlp-sample-ratio must be 0..1, was '" + bad + "'");
    }
  }

  @Test
  void theEndpointIsAnHttpUrlWhoseTracesPathIsAddedOnce() {
    assertThat(TracingOption.tracesUrl(spec, "http://127.0.0.1:4318"))
        .isEqualTo("http://127.0.0.1:4318/v1/traces");
    assertThat(TracingOption.tracesUrl(spec, "https://collector:4318/"))
        .isEqualTo("https://collector:4318/v1/traces");
    assertThat(TracingOption.tracesUrl(spec, "http://127.0.0.1:4318/v1/traces"))
        .isEqualTo("http://127.0.0.1:4318/v1/traces");
    for (String bad : new String[] {"127.0.0.1:4318", "grpc://127.0.0.1:4317", "http://"}) {
      assertThatThrownBy(() -> TracingOption.tracesUrl(spec, bad))
          .isInstanceOf(ParameterException.class)
          .hasMessage("--otlp-endpoint must be an http or https URL, was '" + bad + "'");
    }
  }

  @Test
  void everyServingCommandTakesTheOptions() {
    for (String command : new String[] {"standalone", "gateway", "dispatcher", "worker"}) {
      assertThat(
              Launcher.commandLine()
                  .getSubcommands()
                  .get(command)
                  .getCommandSpec()
                  .findOption("--otlp-endpoint"))
          .as(command)
          .isNotNull();
    }
  }
}
