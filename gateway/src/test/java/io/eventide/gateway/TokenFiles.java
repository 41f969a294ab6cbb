package io.eventide.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes tokens files as an operator's tooling would: whole, by an atomic rename. */
final class TokenFiles {
  private TokenFiles() {}

  /** Replaces {@code file} with {@code json}, single quotes standing for double ones. */
  static Path write(Path file, String json) {
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, json.replace('\'', '"'), StandardCharsets.UTF_8);
      return Files.move(
          next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One entry: {@code name}, {@code token}, {@code role} and any further JSON fields. */
  static String entry(String name, String token, String role, String more) {
    return "{'name':'"
        + name
        + "','token':'"
        + token
        + "','role':'"
        + role
        + "'"
        + (more.isEmpty() ? "" : "," + more)
        + "}";
  }

  /** The file of {@code entries}. */
  static String tokens(String... entries) {
    return "{'tokens':[" + String.join(",", entries) + "]}";
  }
}
