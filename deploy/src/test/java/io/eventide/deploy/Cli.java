package io.eventide.deploy;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code eventide} command line in this JVM and keeps what it printed. */
final class Cli {
  /** One run: exit code, stdout, stderr. */
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Launcher.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
