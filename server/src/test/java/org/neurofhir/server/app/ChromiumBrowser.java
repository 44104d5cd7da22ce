package org.neurofhir.server.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven by chromedriver, one fresh profile per instance. The browser reaches the test
 * server through it as an HTTP proxy: the server then answers at the issuer's address (http://localhost:8080 in the
 * test profile), where the SMART discovery document sends the browser to sign in, whatever port the test got.
 */
final class ChromiumBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final Path profile;

  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  ChromiumBrowser(int serverPort, String language) throws IOException {
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1440,1000", "--lang=" + language,
        // WebGL 2 (niivue) on the CPU
        "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
        "--proxy-server=http://127.0.0.1:" + serverPort, "--proxy-bypass-list=<-loopback>");
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout).until(condition);
  }

  WebElement waitForElement(By by) {
    return waitFor(Duration.ofSeconds(60), d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /** Through the real login page of the authorization server. */
  void signIn(String appUrl, String username, String password) {
    driver.get(appUrl);
    waitForElement(By.name("username")).sendKeys(username);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    waitForElement(By.id("signout"));
  }

  /** A PNG of the window, kept under target/ (and, for the README, where given). */
  Path screenshot(String name, Path... copies) throws IOException {
    Path out = Path.of("target", "browser-screenshots", name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
    for (Path copy : copies) {
      Files.createDirectories(copy.getParent());
      Files.copy(out, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
