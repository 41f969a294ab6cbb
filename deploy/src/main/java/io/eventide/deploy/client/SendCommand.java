package io.eventide.deploy.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventide send ADDRESS BODY [--idempotency-key K] [--event-time MS]}. */
@Command(name = "send", description = "Send a fire-and-forget message (POST /v1/send/ns/type/id).")
public final class SendCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ADDRESS", description = "namespace/type/id")
  String address;

  @Parameters(index = "1", paramLabel = "BODY", description = "Payload; @file reads a file, @- stdin.")
  String body;

  @Option(names = "--idempotency-key", description = "Applied once, however often it is sent.")
  String idempotencyKey;

  @Option(names = "--event-time", paramLabel = "MS", description = "Event time, epoch milliseconds.")
  Long eventTime;

  @Option(names = "--content-type", description = "Default: application/json for JSON bodies, else text/plain.")
  String contentType;

  @Override
  HttpAnswer run(EventideClient client) {
    byte[] bytes = Bodies.read(body);
    return client.send(address, bytes, Bodies.contentType(bytes, contentType), idempotencyKey, eventTime);
  }
}
