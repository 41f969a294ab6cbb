package io.eventide.deploy;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --key-groups}, taken by every process that may be the first on a new store. */
final class KeyGroupsOption {
  static final int MAX = 65536;

  @Option(
      names = "--key-groups",
      defaultValue = "${env:EVENTIDE_KEY_GROUPS:-256}",
      description =
          "Key groups, when this process is the first on a new store; the stored count wins after"
              + " (env EVENTIDE_KEY_GROUPS; default ${DEFAULT-VALUE}).")
  int keyGroups;

  /** The count, checked. */
  int keyGroups(CommandSpec spec) {
    return Usage.inRange(spec, "--key-groups", keyGroups, 1, MAX);
  }
}
