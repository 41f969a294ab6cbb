package io.eventide.deploy.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.Launcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code backup}, {@code restore} and {@code state list|export}: each shows an example in its help,
 * and options it can check alone are refused before anything is sent (no node runs here: a request
 * would fail to connect, with another message).
 */
class BackupAndStateHelpTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Launcher.commandLine()
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void everyCommandShowsAnExample() {
    for (String[] help :
        new String[][] {
          {"backup", "--help"},
          {"restore", "--help"},
          {"state", "--help"},
          {"state", "list", "--help"},
          {"state", "export", "--help"}
        }) {
      out.getBuffer().setLength(0);
      assertThat(run(help)).isZero();
      assertThat(out.toString()).as(String.join(" ", help)).contains("Example:");
    }
    assertThat(out.toString()).contains("eventide state export example/counter > counters.ndjson");
  }

  @Test
  void optionsThatCannotBeRightAreRefusedBeforeAnyRequest() {
    String nowhere = "http://127.0.0.1:9";
    assertThat(run("backup", "--url", nowhere)).isEqualTo(2);
    assertThat(err.toString()).contains("--to");
    assertThat(run("backup", "--to", "rel", "--url", nowhere)).isEqualTo(1);
    assertThat(err.toString()).contains("--to must be an absolute path");
    assertThat(run("backup", "--to", "/abs", "--output", "yaml", "--url", nowhere)).isEqualTo(1);
    assertThat(err.toString()).contains("--output must be text or json");
    assertThat(run("state", "list", "bench", "--url", nowhere)).isEqualTo(1);
    assertThat(err.toString()).contains("'bench' must be namespace/type");
    assertThat(run("state", "--url", nowhere)).isEqualTo(1);
    assertThat(err.toString()).contains("usage: eventide state");
    assertThat(run("restore", "--from", "/x", "--output", "yaml")).isEqualTo(2);
  }
}
