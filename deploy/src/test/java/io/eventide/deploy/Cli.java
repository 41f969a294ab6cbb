package io.eventide.deploy;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the launcher's command line in the test's process, capturing what it prints. */
final class Cli {
  private Cli() {}

  /** What a command printed, and its exit code. */
  record Result(int exitCode, String out, String err) {
    /** The exit code, by its shorter name. */
    int exit() {
      return exitCode;
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Launcher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
