package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FdbClusterFileTest {
  @Test
  void thePropertyWinsOverTheEnvironment() {
    Map<String, String> props = Map.of(FdbClusterFile.PROPERTY, "/p/fdb.cluster");
    Map<String, String> env = Map.of(FdbClusterFile.ENVIRONMENT, "/e/fdb.cluster");
    assertThat(FdbClusterFile.configured(props::get, env::get)).contains(Path.of("/p/fdb.cluster"));
  }

  @Test
  void theEnvironmentIsUsedWhenThePropertyIsBlank() {
    Map<String, String> props = Map.of(FdbClusterFile.PROPERTY, "  ");
    Map<String, String> env = Map.of(FdbClusterFile.ENVIRONMENT, " /e/fdb.cluster ");
    assertThat(FdbClusterFile.configured(props::get, env::get)).contains(Path.of("/e/fdb.cluster"));
  }

  @Test
  void nothingConfiguredIsEmpty() {
    assertThat(FdbClusterFile.configured(name -> null, name -> null)).isEmpty();
  }
}
