package io.eventide.deploy;

import io.eventide.gateway.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --tls-cert} and {@code --tls-key}: HTTPS (and HTTP/2 through ALPN) on the HTTP port of
 * {@code standalone} and {@code gateway}. Both or neither; plain HTTP stays the default, for a node
 * that listens on loopback only or behind a proxy that ends TLS.
 */
final class HttpsOptions {
  @Option(
      names = "--tls-cert",
      defaultValue = "${env:EVENTIDE_TLS_CERT}",
      description =
          "Certificate (PEM, then any intermediates) to serve HTTPS with on --http-port; reloaded"
              + " when it changes (env EVENTIDE_TLS_CERT; default: plain HTTP).")
  Path cert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:EVENTIDE_TLS_KEY}",
      description =
          "Its private key (PKCS#8 PEM); reloaded with the certificate (env EVENTIDE_TLS_KEY).")
  Path key;

  /** The HTTPS files, null for plain HTTP; a usage error when only one is given. */
  GatewayConfig.Tls tls(CommandSpec spec) {
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw Usage.error(
          spec,
          "--tls-cert and --tls-key go together; missing: "
              + (cert == null ? "--tls-cert" : "--tls-key"));
    }
    return new GatewayConfig.Tls(cert, key);
  }
}
