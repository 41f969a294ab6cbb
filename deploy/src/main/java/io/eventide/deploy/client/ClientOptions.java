package io.eventide.deploy.client;

import io.eventide.tls.TrustedCa;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the client subcommands find the node, and the tokens they present. */
public final class ClientOptions {
  @Option(
      names = "--url",
      defaultValue = "${env:EVENTIDE_URL:-http://127.0.0.1:7070}",
      description = "Base URL of a running node (env EVENTIDE_URL; default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      defaultValue = "${env:EVENTIDE_CA}",
      description =
          "CA certificate (PEM) to trust for an https:// --url, instead of the JVM's trust store,"
              + " e.g. the ca.pem of 'eventide certs init' (env EVENTIDE_CA).")
  Path ca;

  @Mixin TokenOptions tokens;

  /** The client; IllegalArgumentException names a bad --ca file. */
  EventideClient client() {
    return new EventideClient(
        url, tokens.admin(), tokens.ingress(), ca == null ? null : TrustedCa.context(ca));
  }
}
