package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code eventide certs init} and the TLS flags' usage errors; nothing here starts a node (the
 * handshakes are {@code io.eventide.tls.InternalTlsTest}'s and {@code ClusterFaultTlsIT}'s).
 */
class CertsCommandTest {
  private static final List<String> ROLES =
      List.of("state-service", "dispatcher", "worker", "gateway");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Launcher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void initWritesTheCaAndOneCertificatePerRoleForTheLoopbackNames() throws Exception {
    Path certs = dir.resolve("certs");
    assertThat(run("certs", "init", certs.toString(), "--host", "eventide.internal")).isZero();
    assertThat(certs.resolve("ca.pem")).exists();
    assertThat(certs.resolve("ca-key.pem")).exists();
    X509Certificate ca = read(certs.resolve("ca.pem"));
    for (String role : ROLES) {
      X509Certificate certificate = read(certs.resolve(role + ".pem"));
      certificate.verify(ca.getPublicKey());
      assertThat(certificate.getSubjectAlternativeNames())
          .extracting(name -> (Object) name.get(1))
          .containsExactly("127.0.0.1", "localhost", "eventide.internal");
      // serverAuth and clientAuth: each serves and dials with the same certificate.
      assertThat(certificate.getExtendedKeyUsage())
          .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
      assertThat(Files.readString(certs.resolve(role + "-key.pem")))
          .startsWith("-----BEGIN PRIVATE KEY-----");
    }
    assertThat(out.toString()).contains("wrote " + certs.resolve("gateway-key.pem"));
  }

  @Test
  void initOverwritesNothing() {
    Path certs = dir.resolve("certs");
    assertThat(run("certs", "init", certs.toString())).isZero();
    assertThat(run("certs", "init", certs.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("will not overwrite").contains("ca.pem");
  }

  @Test
  void theInternalTlsFlagsGoTogether() {
    assertThat(run("state-service", "--internal-tls-cert", "c.pem")).isEqualTo(2);
    assertThat(err.toString())
        .contains("go together; missing: --internal-tls-key --internal-tls-ca");
    assertThat(
            run(
                "dispatcher",
                "--store",
                "remote:127.0.0.1:7073",
                "--internal-tls-key",
                "k.pem",
                "--internal-tls-ca",
                "ca.pem"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("missing: --internal-tls-cert");
  }

  @Test
  void aMissingCertificateFileIsAUsageErrorNamingIt() {
    assertThat(run("certs", "init", dir.toString())).isZero();
    assertThat(
            run(
                "state-service",
                "--grpc-port",
                "0",
                "--data-dir",
                dir.resolve("state").toString(),
                "--internal-tls-cert",
                dir.resolve("missing.pem").toString(),
                "--internal-tls-key",
                dir.resolve("state-service-key.pem").toString(),
                "--internal-tls-ca",
                dir.resolve("ca.pem").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("missing.pem").contains("cannot be read");
  }

  private static X509Certificate read(Path file) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }
}
