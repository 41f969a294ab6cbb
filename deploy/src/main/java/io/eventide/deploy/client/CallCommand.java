package io.eventide.deploy.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eventide call ADDRESS BODY}: prints the function's reply. */
@Command(
    name = "call",
    description = "Call a function and print its reply (POST /v1/call/ns/type/id).")
public final class CallCommand extends ClientCommand {
  @Mixin MessageOptions message;

  @Override
  HttpAnswer run(EventideClient client) {
    byte[] payload = message.payload();
    return client.call(
        message.address, payload, message.contentType(payload), message.idempotencyKey);
  }
}
