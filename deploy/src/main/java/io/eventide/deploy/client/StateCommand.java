package io.eventide.deploy.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code eventide state ADDRESS}. */
@Command(
    name = "state",
    description = "Print the persisted state of one instance (GET /v1/state/ns/type/id).")
public final class StateCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ADDRESS", description = "namespace/type/id")
  String address;

  @Override
  HttpAnswer run(EventideClient client) {
    return client.state(address);
  }
}
