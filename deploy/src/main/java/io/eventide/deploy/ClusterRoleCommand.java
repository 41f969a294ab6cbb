package io.eventide.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code eventide gateway|dispatcher|worker|state-service}: the cluster roles. Reserved names
 * that fail clearly (exit 2) until the multi-process mode lands.
 */
@Command(description = "Cluster role (not available yet in this build).")
final class ClusterRoleCommand implements Callable<Integer> {
  /** Exit code of a role that this build cannot run. */
  static final int NOT_AVAILABLE = 2;

  @Spec CommandSpec spec;

  @Unmatched List<String> options = new ArrayList<>();

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("eventide: cluster roles are not available yet in this build ("
        + spec.name() + "); run 'eventide standalone' instead");
    spec.commandLine().getErr().flush();
    return NOT_AVAILABLE;
  }
}
