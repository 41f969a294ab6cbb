package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Where libfdb_c.so is missing (as on machines without FoundationDB), opening says what to install.
 */
class FdbStoreWithoutClientTest {
  @Test
  void openingFailsWithIoNamingTheMissingLibrary() {
    assumeTrue(FdbApi.unavailableReason().isPresent(), "the FoundationDB client loads here");

    assertThatThrownBy(() -> FdbStore.open(Path.of("/nonexistent/fdb.cluster")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.IO))
        .hasMessageContaining("libfdb_c.so")
        .hasMessageContaining("install the FoundationDB 7.3 client package");
  }
}
