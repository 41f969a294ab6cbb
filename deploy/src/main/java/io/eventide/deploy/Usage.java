package io.eventide.deploy;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The launcher's usage errors: picocli prints their message and the command's usage, and the
 * process exits 2. One rule per shape, so that every option bounded by a range says so alike
 * ({@code --key-groups 0 must be 1..65536}).
 */
final class Usage {
  private Usage() {}

  /** {@code value}, or a usage error naming {@code option} and its range. */
  static int inRange(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw error(spec, option + " " + value + " must be " + min + ".." + max);
    }
    return value;
  }

  /** A port to bind: 0 (a free one) to 65535. */
  static int port(CommandSpec spec, String option, int port) {
    return inRange(spec, option, port, 0, 65535);
  }

  static ParameterException error(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * A usage error that says what a value's own check said of it (a record's constructor, a parser).
   */
  static ParameterException error(CommandSpec spec, IllegalArgumentException cause) {
    return error(spec, cause.getMessage(), cause);
  }

  static ParameterException error(CommandSpec spec, String message, Throwable cause) {
    return new ParameterException(spec.commandLine(), message, cause);
  }
}
