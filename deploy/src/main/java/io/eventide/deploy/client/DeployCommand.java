package io.eventide.deploy.client;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventide deploy FILE.jar [--name N]}. */
@Command(
    name = "deploy",
    description = "Upload a function jar to a running node (POST /v1/deployments).")
public final class DeployCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "FILE.jar", description = "The function jar.")
  Path jar;

  @Option(names = "--name", description = "Deployment name (default: chosen by the node).")
  String name;

  @Override
  HttpAnswer run(EventideClient client) {
    return client.deploy(jar, name);
  }
}
