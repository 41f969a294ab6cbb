package io.eventide.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pair presented follows the files: a new pair replaces it, a mismatched one does not. */
class ReloadingIdentityTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aNewPairIsPresentedAndAHalfWrittenOneIsNot() throws Exception {
    DevCertificates ca = DevCertificates.newAuthority("test CA", Duration.ofDays(1));
    Path cert = dir.resolve("c.pem");
    Path key = dir.resolve("k.pem");
    DevCertificates.Issued first = ca.issue("first", List.of("localhost"), Duration.ofDays(1));
    first.writeTo(cert, key);
    try (ReloadingIdentity identity = ReloadingIdentity.load(cert, key)) {
      assertThat(presented(identity)).isEqualTo(first.certificate().getSerialNumber());

      // The certificate replaced, its key not yet: the old pair stays.
      DevCertificates.Issued second = ca.issue("second", List.of("localhost"), Duration.ofDays(1));
      Path elsewhere = Files.createDirectory(dir.resolve("next"));
      second.writeTo(elsewhere.resolve("c.pem"), elsewhere.resolve("k.pem"));
      Files.copy(elsewhere.resolve("c.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
      Awaitility.await()
          .during(ReloadingIdentity.RELOAD_PERIOD.multipliedBy(3))
          .atMost(DEADLINE)
          .until(() -> presented(identity).equals(first.certificate().getSerialNumber()));

      Files.copy(elsewhere.resolve("k.pem"), key, StandardCopyOption.REPLACE_EXISTING);
      Awaitility.await()
          .atMost(DEADLINE)
          .until(() -> presented(identity).equals(second.certificate().getSerialNumber()));
    }
  }

  private static BigInteger presented(ReloadingIdentity identity) {
    X509ExtendedKeyManager keys = identity.keyManager();
    String alias = keys.chooseEngineServerAlias("EC", null, null);
    return keys.getCertificateChain(alias)[0].getSerialNumber();
  }
}
