package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The gateway never loads a deployed jar: the module that does, runtime-workers, is not even on its
 * class path (a worker checks new jars; the gateway reads the catalog as data). Adding it back as a
 * dependency fails here.
 */
class ClassPathTest {
  @Test
  void theRuntimeWorkersAreNotOnTheGatewaysClassPath() {
    assertThatThrownBy(() -> Class.forName("io.eventide.worker.StoreDeployments"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
