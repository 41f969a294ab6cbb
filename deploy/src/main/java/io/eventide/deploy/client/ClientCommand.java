package io.eventide.deploy.client;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that sends one or more requests to a running node and prints the answers: 2xx bodies
 * on stdout, anything else on stderr with exit code 1.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  /** Sends the command's request(s); the last answer decides the output and exit code. */
  abstract HttpAnswer run(EventideClient client) throws Exception;

  /** What a successful answer prints: its body, unless a command renders it for people. */
  String format(HttpAnswer answer) {
    return answer.text();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    HttpAnswer answer;
    try {
      answer = run(options.client());
    } catch (UncheckedIOException | IllegalArgumentException e) {
      err.println("eventide: " + e.getMessage());
      err.flush();
      return 1;
    } catch (NodeAnswerException e) {
      answer = e.answer();
    }
    if (!answer.ok()) {
      err.println("eventide: HTTP " + answer.status() + " " + answer.text().strip());
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    String text = format(answer);
    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    out.flush();
    return 0;
  }
}
