package io.eventide.deploy;

import io.eventide.deploy.backup.RestoreCommand;
import io.eventide.deploy.client.BackupCommand;
import io.eventide.deploy.client.CallCommand;
import io.eventide.deploy.client.DeadLettersCommand;
import io.eventide.deploy.client.DeployCommand;
import io.eventide.deploy.client.DeploymentsCommand;
import io.eventide.deploy.client.EgressesCommand;
import io.eventide.deploy.client.IngestCommand;
import io.eventide.deploy.client.PatternsCommand;
import io.eventide.deploy.client.SendCommand;
import io.eventide.deploy.client.StateCommand;
import io.eventide.deploy.client.StatusCommand;
import io.eventide.deploy.client.SubscriptionsCommand;
import io.eventide.deploy.client.TopCommand;
import io.eventide.deploy.demo.DemoCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code eventide} command line: {@code standalone}, {@code demo}, the client subcommands
 * ({@code deploy}, {@code send}, {@code call}, {@code state}, {@code status}, {@code ingest}) and
 * the cluster roles, and {@code certs init}. Every option has an {@code EVENTIDE_*} environment
 * twin.
 */
@Command(
    name = "eventide",
    mixinStandardHelpOptions = true,
    version = "eventide 0.1.0-SNAPSHOT",
    description = "Stateful functions on event streams, exactly once.",
    subcommands = {
      StandaloneCommand.class,
      StateServiceCommand.class,
      DispatcherCommand.class,
      WorkerCommand.class,
      GatewayCommand.class,
      DemoCommand.class,
      DeployCommand.class,
      SendCommand.class,
      CallCommand.class,
      StateCommand.class,
      StatusCommand.class,
      TopCommand.class,
      IngestCommand.class,
      SubscriptionsCommand.class,
      EgressesCommand.class,
      DeploymentsCommand.class,
      DeadLettersCommand.class,
      PatternsCommand.class,
      CertsCommand.class,
      BackupCommand.class,
      RestoreCommand.class
    })
public final class Launcher implements Callable<Integer> {
  @Spec CommandSpec spec;

  private Launcher() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    // Bodies given as @FILE (subscriptions, egresses, patterns, send, call) are read by the
    // commands; picocli's own @-file expansion would split the file into arguments instead.
    return new CommandLine(new Launcher()).setExpandAtFiles(false);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
