package io.eventide.deploy.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a BODY argument the way curl does: {@code @file} reads a file, {@code @-} stdin. */
final class Bodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Bodies() {}

  static byte[] read(String argument) {
    try {
      if (argument.equals("@-")) {
        return System.in.readAllBytes();
      }
      if (argument.startsWith("@")) {
        return Files.readAllBytes(Path.of(argument.substring(1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read body " + argument, e);
    }
    return argument.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * JSON bodies ({@code 5}, {@code {"a":1}}, {@code "x"}) go as application/json, anything else as
   * UTF-8 text, unless the user named a content type.
   */
  static String contentType(byte[] body, String explicit) {
    if (explicit != null) {
      return explicit;
    }
    try {
      JSON.readTree(body);
      return "application/json";
    } catch (JsonProcessingException e) {
      return "text/plain; charset=utf-8";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
