package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import io.eventide.tls.TrustedCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A standalone node started with {@code --tls-cert}/{@code --tls-key} from {@code eventide certs
 * init}, as a user runs it: it says {@code https://}, the {@code eventide} client reaches it with
 * {@code --ca}, and a client that does not trust the CA is refused.
 */
class HttpsNodeIT {
  @TempDir Path dir;
  private Path certs;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void certificates() {
    certs = dir.resolve("certs");
    assertThat(cli("certs", "init", certs.toString())).isZero();
  }

  @Test
  void theClientReachesAnHttpsNodeWithTheCaAndIsRefusedWithoutIt() {
    try (NodeProcess node =
        TestNodes.start(
            dir.resolve("data"),
            "--tls-cert",
            certs.resolve("gateway.pem").toString(),
            "--tls-key",
            certs.resolve("gateway-key.pem").toString())) {
      assertThat(node.url().getScheme()).isEqualTo("https");
      String url = node.url().toString();

      assertThat(cli("status", "--url", url, "--ca", certs.resolve("ca.pem").toString()))
          .as(err.toString())
          .isZero();
      assertThat(out.toString()).contains("standalone");

      assertThat(cli("status", "--url", url)).isEqualTo(1);
      assertThat(err.toString()).startsWith("eventide: ");

      EventideClient client =
          new EventideClient(node.url(), null, null, TrustedCa.context(certs.resolve("ca.pem")));
      assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    }
  }

  @Test
  void aMissingKeyFileStopsTheStartNamingIt() {
    Path missing = certs.resolve("missing-key.pem");
    assertThatThrownBy(
            () ->
                TestNodes.start(
                    dir.resolve("data"),
                    "--tls-cert",
                    certs.resolve("gateway.pem").toString(),
                    "--tls-key",
                    missing.toString()))
        .hasMessageContaining("eventide: cannot start")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aBadCaFileIsAClientErrorNamingIt() {
    assertThat(
            cli(
                "status",
                "--url",
                "https://127.0.0.1:1",
                "--ca",
                certs.resolve("gateway-key.pem").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("CA file").contains("gateway-key.pem");
  }

  private int cli(String... args) {
    CommandLine commandLine = Launcher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
