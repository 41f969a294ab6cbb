package io.eventide.gateway;

import static io.eventide.gateway.TokenFiles.entry;
import static io.eventide.gateway.TokenFiles.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The watcher polled by hand: what it installs, what it keeps, and what it logs, once. */
class TokensWatcherTest {
  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger watcherLog = (Logger) LoggerFactory.getLogger(TokensWatcher.class);
  private final List<Tokens> installed = new ArrayList<>();

  @BeforeEach
  void captureTheLog() {
    log.start();
    watcherLog.addAppender(log);
  }

  @AfterEach
  void release() {
    watcherLog.detachAppender(log);
  }

  @Test
  void keepsTheLastGoodTokensAndLogsEachProblemOnce() throws Exception {
    Path file = TokenFiles.write(dir.resolve("t.json"), tokens(entry("a", "a-1", "read", "")));
    TokensWatcher watcher = new TokensWatcher(file, Tokens::of, installed::add, outcome -> {});
    Tokens first = watcher.load();
    assertThat(first.find(Client.digest("a-1")).name()).isEqualTo("a");

    watcher.poll();
    assertThat(installed).isEmpty(); // unchanged content

    Files.delete(file);
    watcher.poll();
    watcher.poll();
    TokenFiles.write(file, tokens(entry("a", "a-1", "root", "")));
    watcher.poll();
    watcher.poll();
    assertThat(installed).isEmpty();
    assertThat(errors()).hasSize(2);
    assertThat(errors().get(0)).contains("cannot be read", "the tokens loaded before stay");
    assertThat(errors().get(1)).contains("role 'root'").doesNotContain("a-1");

    TokenFiles.write(file, tokens(entry("b", "b-1", "read", "")));
    watcher.poll();
    assertThat(installed).hasSize(1);
    assertThat(installed.get(0).find(Client.digest("b-1")).name()).isEqualTo("b");
    assertThat(installed.get(0).find(Client.digest("a-1"))).isNull();
    assertThat(errors()).hasSize(2);
  }

  private List<String> errors() {
    return log.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
