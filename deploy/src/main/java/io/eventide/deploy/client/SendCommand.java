package io.eventide.deploy.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventide send ADDRESS BODY [--idempotency-key K] [--event-time MS]}. */
@Command(name = "send", description = "Send a fire-and-forget message (POST /v1/send/ns/type/id).")
public final class SendCommand extends ClientCommand {
  @Mixin MessageOptions message;

  @Option(
      names = "--event-time",
      paramLabel = "MS",
      description = "Event time, epoch milliseconds.")
  Long eventTime;

  @Override
  HttpAnswer run(EventideClient client) {
    byte[] payload = message.payload();
    return client.send(
        message.address, payload, message.contentType(payload), message.idempotencyKey, eventTime);
  }
}
