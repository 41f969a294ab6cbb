package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceOptionTest {
  @Test
  void parsesNameAndSettings() {
    assertThat(SourceOption.parse("clicks:out-of-orderness=2s,idle=30s"))
        .isEqualTo(
            new SourceOption("clicks", Duration.ofSeconds(2), Duration.ofSeconds(30), false));
    assertThat(SourceOption.parse("orders:idle=1m"))
        .isEqualTo(new SourceOption("orders", null, Duration.ofMinutes(1), false));
    assertThat(SourceOption.parse("plain")).isEqualTo(new SourceOption("plain", null, null, false));
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> SourceOption.parse("clicks:lag=2s"))
        .hasMessageContaining("unknown source setting 'lag'");
    assertThatThrownBy(() -> SourceOption.parse("clicks:idle"))
        .hasMessageContaining("must be key=value");
    assertThatThrownBy(() -> SourceOption.parse("clicks:idle=soon")).hasMessageContaining("'soon'");
    assertThatThrownBy(() -> SourceOption.parse("bad name:idle=1s"))
        .hasMessageContaining("source name 'bad name'");
    assertThatThrownBy(() -> SourceOption.parse("clicks:watermarks=sometimes"))
        .hasMessageContaining("'sometimes'");
  }

  @Test
  void explicitWatermarksAndTheDispatchersSettings() {
    assertThat(SourceOption.parse("feed:watermarks=explicit").explicit()).isTrue();
    var settings =
        SourceOption.settings(
            java.util.List.of(
                "a:out-of-orderness=2s", "b:idle=1m,watermarks=explicit", "a:idle=5s"));
    assertThat(settings.get("a"))
        .isEqualTo(new io.eventide.dispatcher.api.SourceSettings(0, 5_000, false));
    assertThat(settings.get("b"))
        .isEqualTo(new io.eventide.dispatcher.api.SourceSettings(0, 60_000, true));
  }
}
