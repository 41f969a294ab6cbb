package io.eventide.deploy;

import io.eventide.tls.InternalTls;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --internal-tls-cert}, {@code --internal-tls-key} and {@code --internal-tls-ca}: mutual TLS
 * on every gRPC call between a cluster's processes. All three or none; with none the calls are
 * plaintext and unauthenticated, for a network only the cluster reaches.
 */
final class InternalTlsOptions {
  @Option(
      names = "--internal-tls-cert",
      defaultValue = "${env:EVENTIDE_INTERNAL_TLS_CERT}",
      description =
          "This process's certificate (PEM), presented to its gRPC peers and clients; reloaded when"
              + " it changes (env EVENTIDE_INTERNAL_TLS_CERT; default: plaintext gRPC).")
  Path cert;

  @Option(
      names = "--internal-tls-key",
      defaultValue = "${env:EVENTIDE_INTERNAL_TLS_KEY}",
      description =
          "Its private key (PKCS#8 PEM); reloaded with the certificate"
              + " (env EVENTIDE_INTERNAL_TLS_KEY).")
  Path key;

  @Option(
      names = "--internal-tls-ca",
      defaultValue = "${env:EVENTIDE_INTERNAL_TLS_CA}",
      description =
          "The cluster's CA (PEM): a peer without a certificate it signed is refused at the"
              + " handshake; reloaded when it changes (env EVENTIDE_INTERNAL_TLS_CA).")
  Path ca;

  /** Mutual TLS from the three files, null when none is given; a usage error for one or two. */
  InternalTls load(CommandSpec spec) {
    if (cert == null && key == null && ca == null) {
      return null;
    }
    if (cert == null || key == null || ca == null) {
      throw Usage.error(
          spec,
          "--internal-tls-cert, --internal-tls-key and --internal-tls-ca go together; missing: "
              + (cert == null ? "--internal-tls-cert " : "")
              + (key == null ? "--internal-tls-key " : "")
              + (ca == null ? "--internal-tls-ca" : "").trim());
    }
    try {
      return InternalTls.load(cert, key, ca);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, "--internal-tls-*: " + e.getMessage(), e);
    }
  }
}
