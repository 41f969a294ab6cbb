package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium, driven by Selenium) against a real
 * node with tokens: one node and one browser for all scenarios, in order, as an operator would go.
 * The token is pasted into the page; jars are deployed from the page's file input; messages are
 * sent from its form and the throughput chart moves; an NDJSON batch moves a source's watermark; a
 * dead letter is replayed after a fix deployed from the page, and the state browser shows the
 * change; a deployment is rolled back. Last, screenshots at 1280 and 390 px wide go to {@code
 * target/console/}, and also to the directory named by {@code -Deventide.console.screenshots=DIR}
 * (or {@code EVENTIDE_CONSOLE_SCREENSHOTS}), which is how the README's pictures in docs/console/
 * are made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final String ADMIN = "console-admin-token";
  private static final String INGRESS = "console-ingress-token";
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Names the elements that stick out past the right edge of the viewport. */
  private static final String WIDER_THAN_THE_SCREEN =
      "return [...document.querySelectorAll('body *')]"
          + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
          + ".slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')";

  @TempDir static Path tmp;
  private static NodeProcess node;
  private static EventideClient client;
  private static HeadlessChromium browser;
  private static WebDriver page;

  @BeforeAll
  static void startNodeAndBrowser() {
    HeadlessChromium.assumeInstalled();
    node = TestNodes.start(tmp.resolve("data"), "--admin-token", ADMIN, "--ingress-token", INGRESS);
    client = new EventideClient(node.url(), ADMIN, INGRESS).withTimeout(Duration.ofSeconds(60));
    browser = HeadlessChromium.start(Path.of("target", "it-logs", "chromedriver.log"), 1280, 900);
    page = browser.driver();
    page.get(node.url().toString());
  }

  @AfterAll
  static void stopBrowserAndNode() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  void aPastedTokenOpensTheConsoleAndStaysInThisTabOnly() {
    until(() -> find("banner").isDisplayed() && find("banner").getText().contains("needs a token"));

    find("token").sendKeys(ADMIN);
    find("tokenForm").submit();

    until(() -> find("mode").getText().equals("standalone"));
    until(() -> !find("banner").isDisplayed());
    assertThat(script("return sessionStorage.getItem('eventide.token')")).isEqualTo(ADMIN);
    assertThat(script("return localStorage.length")).isEqualTo(0L);
    until(() -> count("#members tr") == 1 && text("members").contains("up"));
    assertThat(count("#heatMap g[data-key-group]")).isEqualTo(256);
  }

  @Test
  @Order(2)
  void deploysAJarFromTheConsole() {
    deployFromConsole(TestNodes.examplesJar(), "examples");

    until(() -> toast().contains("Deployed examples v1"));
    until(() -> text("served").contains("example/greeter"));
    until(() -> count("[data-deployment='examples'] tr[data-version]") == 1);
  }

  @Test
  @Order(3)
  void messagesSentFromTheFormMoveTheThroughputChartAndReachTheEgressTail() {
    find("egressName").sendKeys("greetings");
    find("egressForm").submit();
    type("address", "example/greeter/alice");
    type("contentType", "text/plain");
    type("body", "alice");
    type("times", "30");

    find("go").click();

    until(() -> text("result").startsWith("202"));
    until(() -> seriesMax("processed/s") > 0 && seriesMax("in/s") > 0);
    until(() -> text("egressRecords").contains("Hello, alice! (#30)"));
  }

  @Test
  @Order(4)
  void aSourcesWatermarkAdvancesAfterAnNdjsonBatch() {
    ingest(5_000);
    until(() -> "4999".equals(sourceWatermark("clicks")));

    ingest(60_000);

    until(() -> "59999".equals(sourceWatermark("clicks")));
    assertThat(page.findElement(By.cssSelector("tr[data-source='clicks'] td.watermark")).getText())
        .isEqualTo("59999 ms");
  }

  @Test
  @Order(5)
  void aDeadLetterIsReplayedAfterAFixIsDeployedAndTheStateShowsIt() throws IOException {
    deployFromConsole(write("dlq-broken.jar", ReplayVersions.broken(tmp)), "dlq");
    until(() -> toast().contains("Deployed dlq v1"));
    HttpAnswer sent =
        client.send(ReplayVersions.TYPE + "/a", bytes("hello"), "text/plain", null, 1_000L);
    String id = Json.parse(sent).path("messageId").asText();
    By letter = By.cssSelector("tr[data-message-id='" + id + "']");
    until(() -> !page.findElements(letter).isEmpty());
    assertThat(page.findElement(letter).getText()).contains(ReplayVersions.BROKEN, "dlq/counter/a");

    deployFromConsole(write("dlq-fixed.jar", ReplayVersions.fixed(tmp)), "dlq");
    until(() -> toast().contains("Deployed dlq v2"));
    page.findElement(By.cssSelector("button[data-replay='" + id + "']")).click();

    until(() -> toast().contains("Replayed " + id));
    until(() -> page.findElements(letter).isEmpty());
    openState(ReplayVersions.TYPE, "a");
    until(() -> stateValue("count").equals("1"));
    assertThat(stateValue("eventtime")).isEqualTo("1000");
  }

  @Test
  @Order(6)
  void theStateBrowserListsIdsAndOpensOne() {
    openState("example/greeter", "alice");

    until(() -> stateValue("seen").equals("30"));
    assertThat(text("stateIds")).contains("alice", "w");
  }

  @Test
  @Order(7)
  void aDeploymentIsRolledBackFromItsVersions() {
    By rollback = By.cssSelector("button[data-rollback='dlq:1']");
    until(() -> !page.findElements(rollback).isEmpty());

    page.findElement(rollback).click();

    until(() -> toast().contains("Rolled dlq back to v1: now v3"));
    JsonNode versions =
        Json.parse(client.get("/v1/deployments/dlq/versions").requireOk("versions"));
    assertThat(versions.path("current").asInt()).isEqualTo(3);
    assertThat(versions.path("versions").get(2).path("rollbackOf").asInt()).isEqualTo(1);
    until(
        () ->
            page.findElements(By.cssSelector("[data-deployment='dlq'] tr.current")).stream()
                .anyMatch(row -> row.getText().contains("v3") && row.getText().contains("of v1")));
  }

  @Test
  @Order(8)
  void screenshotsAt1280AndAPhonesWidth() throws IOException {
    script("window.scrollTo(0, 0)");
    Path wide = Path.of("target", "console", "console-1280.png");
    Path phone = Path.of("target", "console", "console-390.png");

    browser.screenshot(1280, false, wide);
    browser.screenshot(390, true, phone);

    assertThat(script("return document.documentElement.scrollWidth"))
        .as("nothing wider than a phone's screen: %s", script(WIDER_THAN_THE_SCREEN))
        .isEqualTo(390L);
    browser.resize(1280, 900, false);
    assertThat(Files.size(wide)).isGreaterThan(10_000);
    assertThat(Files.size(phone)).isGreaterThan(10_000);
    String target =
        System.getProperty(
            "eventide.console.screenshots", System.getenv("EVENTIDE_CONSOLE_SCREENSHOTS"));
    if (target != null && !target.isBlank()) {
      Path dir = Files.createDirectories(Path.of(target));
      Files.copy(wide, dir.resolve("console-1280.png"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(phone, dir.resolve("console-390.png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deployFromConsole(Path jar, String name) {
    find("jar").sendKeys(jar.toAbsolutePath().toString());
    type("deployName", name);
    find("deploy").click();
  }

  private static void openState(String type, String id) {
    until(() -> count("#stateType option[value='" + type + "']") == 1);
    new Select(find("stateType")).selectByValue(type);
    find("stateList").click();
    By link = By.cssSelector("button[data-state-id='" + id + "']");
    until(() -> !page.findElements(link).isEmpty());
    page.findElement(link).click();
  }

  private static String stateValue(String name) {
    return page
        .findElements(By.cssSelector("#stateValues tr[data-value='" + name + "'] pre"))
        .stream()
        .map(WebElement::getText)
        .findFirst()
        .orElse("");
  }

  private static void ingest(long eventTime) {
    String line =
        "{\"target\":\"example/greeter/w\",\"eventTime\":" + eventTime + ",\"payload\":\"w\"}\n";
    assertThat(client.ingest("clicks", line).status()).isEqualTo(202);
  }

  private static String sourceWatermark(String source) {
    return page.findElements(By.cssSelector("tr[data-source='" + source + "']")).stream()
        .map(row -> row.getDomAttribute("data-watermark"))
        .findFirst()
        .orElse(null);
  }

  private static double seriesMax(String series) {
    return page
        .findElements(By.cssSelector("#throughputChart path[data-series='" + series + "']"))
        .stream()
        .map(path -> path.getDomAttribute("data-max"))
        .filter(max -> max != null && !max.isEmpty())
        .mapToDouble(Double::parseDouble)
        .findFirst()
        .orElse(0);
  }

  private static Path write(String name, byte[] jar) throws IOException {
    return Files.write(tmp.resolve(name), jar);
  }

  private static WebElement find(String id) {
    return page.findElement(By.id(id));
  }

  private static String text(String id) {
    return find(id).getText();
  }

  private static String toast() {
    return find("toast").getText();
  }

  private static int count(String css) {
    return page.findElements(By.cssSelector(css)).size();
  }

  private static void type(String id, String value) {
    WebElement field = find(id);
    field.clear();
    field.sendKeys(value);
  }

  private static Object script(String js) {
    return ((org.openqa.selenium.JavascriptExecutor) page).executeScript(js);
  }

  private static void until(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(page, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(driver -> condition.getAsBoolean());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
