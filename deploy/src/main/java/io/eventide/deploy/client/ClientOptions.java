package io.eventide.deploy.client;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the client subcommands find the node, and the tokens they present. */
public final class ClientOptions {
  @Option(
      names = "--url",
      defaultValue = "${env:EVENTIDE_URL:-http://127.0.0.1:7070}",
      description = "Base URL of a running node (env EVENTIDE_URL; default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:EVENTIDE_ADMIN_TOKEN}",
      description = "Bearer token for the admin API (env EVENTIDE_ADMIN_TOKEN).")
  String adminToken;

  @Option(
      names = "--ingress-token",
      defaultValue = "${env:EVENTIDE_INGRESS_TOKEN}",
      description = "Bearer token for the ingress API (env EVENTIDE_INGRESS_TOKEN).")
  String ingressToken;

  EventideClient client() {
    return new EventideClient(url, adminToken, ingressToken);
  }
}
