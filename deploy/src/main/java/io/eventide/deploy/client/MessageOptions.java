package io.eventide.deploy.client;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code send} and {@code call} both take: the target, the payload and how to label it, a key.
 */
final class MessageOptions {
  @Parameters(index = "0", paramLabel = "ADDRESS", description = "namespace/type/id")
  String address;

  @Parameters(
      index = "1",
      paramLabel = "BODY",
      description = "Payload; @file reads a file, @- stdin.")
  String body;

  @Option(
      names = "--idempotency-key",
      description = "Applied once, however often it is sent; a repeated call gets the first reply.")
  String idempotencyKey;

  @Option(
      names = "--content-type",
      description = "Default: application/json for JSON bodies, else text/plain.")
  String contentType;

  /** The payload, read from where {@code BODY} says. */
  byte[] payload() {
    return Bodies.read(body);
  }

  /** The content type of {@code payload}: the one given, else guessed from it. */
  String contentType(byte[] payload) {
    return Bodies.contentType(payload, contentType);
  }
}
