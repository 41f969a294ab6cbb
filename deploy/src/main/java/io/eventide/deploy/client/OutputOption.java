package io.eventide.deploy.client;

import picocli.CommandLine.Option;

/** {@code --output text|json}: lines for people (the default), or the node's JSON for scripts. */
final class OutputOption {
  @Option(names = "--output", defaultValue = "text", description = "text (default) or json.")
  String output;

  /** True for {@code json}; IllegalArgumentException for anything but text and json. */
  boolean json() {
    return switch (output) {
      case "json" -> true;
      case "text" -> false;
      default -> throw new IllegalArgumentException("--output must be text or json, not " + output);
    };
  }
}
