package io.eventide.deploy;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --deployment-versions-kept}, taken by the processes that write deployments (standalone
 * nodes and gateways): how many versions of each deployment the catalog keeps for rollback.
 */
final class DeploymentVersionsOption {
  /** Ten versions: a few weeks of daily deploys to roll back through, at ten jars' storage. */
  static final int DEFAULT = 10;

  static final int MAX = 1000;

  @Option(
      names = "--deployment-versions-kept",
      defaultValue = "${env:EVENTIDE_DEPLOYMENT_VERSIONS_KEPT:-10}",
      description =
          "Versions of each deployment kept for rollback, the current one included; the oldest"
              + " beyond it are removed with their jars, the current one never"
              + " (env EVENTIDE_DEPLOYMENT_VERSIONS_KEPT; default ${DEFAULT-VALUE}, 1.."
              + MAX
              + ").")
  int kept;

  /** The count, checked. */
  int kept(CommandSpec spec) {
    return Usage.inRange(spec, "--deployment-versions-kept", kept, 1, MAX);
  }
}
