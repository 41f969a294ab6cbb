package io.eventide.gateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.eventide.gateway.Backups;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Javadoc example of {@link Backups}, run. */
class BackupsExamplesTest {
  @Test
  void aNodeWithoutAnEmbeddedStoreRefusesWith409() throws Exception {
    try {
      // javadoc: Backups
      Backups refusing = Backups.unsupported("the store is FoundationDB: use fdbbackup");
      refusing.backup(Path.of("/var/backups/1")); // Backups.Refused: 409 BACKUP_UNSUPPORTED
      // end javadoc
      fail("refused");
    } catch (Backups.Refused e) {
      assertThat(e.status()).isEqualTo(409);
      assertThat(e.code()).isEqualTo("BACKUP_UNSUPPORTED");
      assertThat(e.getMessage()).contains("fdbbackup");
    }
  }
}
