package io.eventide.gateway;

import static io.eventide.gateway.TokenFiles.entry;
import static io.eventide.gateway.TokenFiles.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The tokens file followed while the gateway runs, beside the two flag tokens; an invalid file
 * refused at start and kept out at a reload.
 */
class TokenReloadIT extends GatewayTestBase {
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger watcherLog = (Logger) LoggerFactory.getLogger(TokensWatcher.class);

  @BeforeEach
  void captureTheWatchersLog() {
    log.start();
    watcherLog.addAppender(log);
  }

  @AfterEach
  void release() {
    watcherLog.detachAppender(log);
  }

  int sendAs(String token) {
    return post("/v1/send/shop/cart/a", "x", "Authorization", "Bearer " + token).statusCode();
  }

  /** Starts on a tokens file holding the ingress token "old-secret"; returns the file. */
  Path startWithTheOldToken() {
    Path file =
        TokenFiles.write(
            dir.resolve("tokens.json"), tokens(entry("old", "old-secret", "ingress", "")));
    start(GatewayConfig.of("127.0.0.1", 0).withAccess(new GatewayConfig.Access(file, null)));
    return file;
  }

  @Test
  void aChangedFileTakesEffectWithoutARestart() {
    Path file = startWithTheOldToken();
    assertThat(sendAs("old-secret")).isEqualTo(202);
    assertThat(sendAs("new-secret")).isEqualTo(401);

    TokenFiles.write(file, tokens(entry("new", "new-secret", "ingress", "")));

    Awaitility.await().atMost(DEADLINE).until(() -> sendAs("new-secret") == 202);
    assertThat(sendAs("old-secret")).isEqualTo(401);
  }

  @Test
  void anInvalidFileKeepsTheTokensLoadedBeforeAndIsLoggedOnceWithoutTokens() {
    Path file = startWithTheOldToken();

    TokenFiles.write(
        file, tokens(entry("new", "new-secret", "ingress", ""), "{'token': unquoted-secret"));
    Awaitility.await().atMost(DEADLINE).until(() -> errors().size() == 1);
    assertThat(sendAs("old-secret")).isEqualTo(202);
    assertThat(sendAs("new-secret")).isEqualTo(401);

    TokenFiles.write(file, tokens(entry("new", "new-secret", "writer", "")));
    Awaitility.await().atMost(DEADLINE).until(() -> errors().size() == 2);
    assertThat(sendAs("old-secret")).isEqualTo(202);
    assertThat(errors().get(0)).contains("not valid JSON (line 1");
    assertThat(errors().get(1)).contains("tokens[0] ('new')", "role 'writer'");
    assertThat(String.join("\n", errors())).doesNotContain("secret");

    TokenFiles.write(file, tokens(entry("new", "new-secret", "ingress", "")));
    Awaitility.await().atMost(DEADLINE).until(() -> sendAs("new-secret") == 202);
    assertThat(sendAs("old-secret")).isEqualTo(401);
    assertThat(errors()).hasSize(2);
  }

  @Test
  void anInvalidFileIsAClearErrorAtStart() {
    Path file =
        TokenFiles.write(
            dir.resolve("tokens.json"),
            tokens(entry("a", "a-secret", "ingress", "'namespace':['shop']")));
    GatewayConfig config =
        GatewayConfig.of("127.0.0.1", 0).withAccess(new GatewayConfig.Access(file, null));

    assertThatThrownBy(() -> new Gateway(config, ingress, queries, deployments, registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens file " + file)
        .hasMessageContaining("unknown field \"namespace\"")
        .hasMessageNotContaining("a-secret");
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(
            () ->
                new Gateway(
                    config.withAccess(new GatewayConfig.Access(missing, null)),
                    ingress,
                    queries,
                    deployments,
                    registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens file " + missing + " cannot be read");
  }

  @Test
  void theTwoFlagsKeepWorkingBesideTheFile() {
    Path file =
        TokenFiles.write(
            dir.resolve("tokens.json"), tokens(entry("viewer", "view-secret", "read", "")));
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withTokens("admin-secret", "ingress-secret")
            .withAccess(new GatewayConfig.Access(file, null)));

    assertThat(sendAs("ingress-secret")).isEqualTo(202);
    assertThat(sendAs("admin-secret")).isEqualTo(202);
    assertThat(sendAs("view-secret")).isEqualTo(403);
    assertThat(
            send(request("/v1/deployments").header("Authorization", "Bearer admin-secret"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(request("/v1/deployments").header("Authorization", "Bearer ingress-secret"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(request("/v1/state/shop/cart/a").header("Authorization", "Bearer view-secret"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aFileEntryMayNotTakeAFlagsNameOrToken() {
    Path file =
        TokenFiles.write(
            dir.resolve("tokens.json"), tokens(entry("admin", "other-secret", "read", "")));
    GatewayConfig config =
        GatewayConfig.of("127.0.0.1", 0)
            .withTokens("admin-secret", null)
            .withAccess(new GatewayConfig.Access(file, null));
    assertThatThrownBy(() -> new Gateway(config, ingress, queries, deployments, registry))
        .hasMessageContaining("two tokens are named 'admin'");

    TokenFiles.write(file, tokens(entry("copy", "admin-secret", "read", "")));
    assertThatThrownBy(() -> new Gateway(config, ingress, queries, deployments, registry))
        .hasMessageContaining("tokens 'admin' and 'copy' are the same token")
        .hasMessageNotContaining("admin-secret");
  }

  private List<String> errors() {
    synchronized (log) { // the lock the appender appends under
      return log.list.stream()
          .filter(e -> e.getLevel() == Level.ERROR)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }
}
