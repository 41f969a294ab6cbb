package io.eventide.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the console's browser tests.
 * Selenium Manager is never asked for a driver (this network has no internet): the driver and the
 * browser are named by path. Chromium runs with a fresh profile in a temporary directory and with
 * every background fetch turned off, so it sends nothing anywhere but to the node under test.
 * {@link #close()} quits the session, stops the driver, then ends by pid whatever of the driver's
 * process tree is still alive.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test (with the reason) when Chromium or its driver is not installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
  }

  /** Starts a browser whose viewport is {@code width} x {@code height} CSS pixels. */
  static HeadlessChromium start(Path log, int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("eventide-chromium-");
      Files.createDirectories(log.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(log.toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--user-data-dir=" + profile,
            "--window-size=" + width + "," + height));
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new HeadlessChromium(service, driver, profile);
  }

  ChromeDriver driver() {
    return driver;
  }

  /**
   * Lays the page out {@code width} CSS pixels wide and as tall as it is (a phone when {@code
   * mobile}), and writes a PNG of all of it to {@code file}.
   */
  void screenshot(int width, boolean mobile, Path file) {
    resize(width, 900, mobile);
    long height =
        (Long)
            driver.executeScript(
                "return Math.ceil(document.documentElement.getBoundingClientRect().height)");
    resize(width, (int) Math.min(height, 8000), mobile);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Emulates a viewport of {@code width} x {@code height}; DevTools, through chromedriver. */
  void resize(int width, int height, boolean mobile) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  @Override
  public void close() {
    // Taken before quitting: once the driver is gone, its orphans are no longer our descendants.
    List<ProcessHandle> tree =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().map(HeadlessChromium::isBrowser).orElse(false))
            .toList();
    try {
      driver.quit();
    } finally {
      service.stop();
      // Chromium's helpers may outlive a crashed session: end, by pid, those this JVM started.
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      deleteQuietly(profile);
    }
  }

  private static boolean isBrowser(String command) {
    return command.contains("chromium") || command.contains("chromedriver");
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A temp profile left behind is harmless; the test's outcome does not depend on it.
    }
  }
}
