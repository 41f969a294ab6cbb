package io.eventide.deploy.client;

import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the client subcommands find the node, and the tokens they present. */
public final class ClientOptions {
  @Option(
      names = "--url",
      defaultValue = "${env:EVENTIDE_URL:-http://127.0.0.1:7070}",
      description = "Base URL of a running node (env EVENTIDE_URL; default ${DEFAULT-VALUE}).")
  URI url;

  @Mixin TokenOptions tokens;

  EventideClient client() {
    return new EventideClient(url, tokens.admin(), tokens.ingress());
  }
}
