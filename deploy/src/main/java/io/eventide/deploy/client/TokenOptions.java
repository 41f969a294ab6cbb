package io.eventide.deploy.client;

import picocli.CommandLine.Option;

/**
 * The bearer tokens of the two APIs: what a node requires ({@code standalone}, {@code gateway}) and
 * what the client subcommands present. One declaration for both sides, since the same environment
 * variables must configure a node and the commands that talk to it from one shell.
 */
public final class TokenOptions {
  @Option(
      names = "--admin-token",
      defaultValue = "${env:EVENTIDE_ADMIN_TOKEN}",
      description =
          "Bearer token of the admin API: the one a node requires, the one a client command presents"
              + " (env EVENTIDE_ADMIN_TOKEN; default: none).")
  String adminToken;

  @Option(
      names = "--ingress-token",
      defaultValue = "${env:EVENTIDE_INGRESS_TOKEN}",
      description =
          "Bearer token of the ingress API: the one a node requires, the one a client command presents"
              + " (env EVENTIDE_INGRESS_TOKEN; default: none).")
  String ingressToken;

  /** The admin token, null when none is given. */
  public String admin() {
    return adminToken;
  }

  /** The ingress token, null when none is given. */
  public String ingress() {
    return ingressToken;
  }
}
