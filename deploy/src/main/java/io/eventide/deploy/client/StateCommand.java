package io.eventide.deploy.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code eventide state ADDRESS}, and {@code state list} and {@code state export} of a type. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = {
      "Print the persisted state of one instance (GET /v1/state/ns/type/id), or:",
      "  state list ns/type [--after ID] [--limit N]   ids of a type that have state, a page",
      "  state export ns/type > FILE.ndjson             every instance's values, one JSON line each",
      "",
      "Example:",
      "  eventide state example/counter/alice"
    },
    subcommands = {StateListCommand.class, StateExportCommand.class})
public final class StateCommand extends ClientCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ADDRESS",
      description = "namespace/type/id")
  String address;

  @Override
  HttpAnswer run(EventideClient client) {
    if (address == null) {
      throw new IllegalArgumentException(
          "usage: eventide state ns/type/id | state list ns/type | state export ns/type");
    }
    return client.state(address);
  }
}
