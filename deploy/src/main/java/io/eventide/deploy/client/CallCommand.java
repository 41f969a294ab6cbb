package io.eventide.deploy.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventide call ADDRESS BODY}: prints the function's reply. */
@Command(name = "call", description = "Call a function and print its reply (POST /v1/call/ns/type/id).")
public final class CallCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ADDRESS", description = "namespace/type/id")
  String address;

  @Parameters(index = "1", paramLabel = "BODY", description = "Payload; @file reads a file, @- stdin.")
  String body;

  @Option(names = "--idempotency-key", description = "A repeated call with the same key gets the first reply.")
  String idempotencyKey;

  @Option(names = "--content-type", description = "Default: application/json for JSON bodies, else text/plain.")
  String contentType;

  @Override
  HttpAnswer run(EventideClient client) {
    byte[] bytes = Bodies.read(body);
    return client.call(address, bytes, Bodies.contentType(bytes, contentType), idempotencyKey);
  }
}
