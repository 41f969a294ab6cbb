package io.eventide.deploy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.StandaloneConfig;
import io.eventide.deploy.StandaloneNode;
import io.eventide.deploy.StoreSpec;
import io.eventide.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of the launcher's module, run: a whole node on 127.0.0.1, a store client.
 */
class DeployExamplesTest {
  @TempDir Path dir;

  @Test
  void aNodeStartsOnAFreePortWithItsStoreUnderTheDataDir() {
    // javadoc: StandaloneNode
    try (StandaloneNode node =
        StandaloneNode.start(StandaloneConfig.defaults(dir).withHttpPort(0))) {
      System.out.println("listening on " + node.httpPort());
    }
    // end javadoc

    assertThat(dir.resolve("store").resolve("CURRENT")).as("RocksDB's files").isRegularFile();
  }

  /**
   * Nothing listens at 7073: a remote store connects at its first transaction, and the example only
   * opens one. The state-service's ITs run the store over the wire.
   */
  @Test
  void aRemoteSpecOpensAClientAndLeavesTheDataDirAlone() throws Exception {
    Path dataDir = dir;
    // javadoc: StoreSpec
    Store store = StoreSpec.parse("remote:127.0.0.1:7073", null).open(dataDir);
    // end javadoc
    try (store) {
      assertThat(store.backend()).isEqualTo("remote");
    }

    assertThat(dataDir).isEmptyDirectory();
  }
}
