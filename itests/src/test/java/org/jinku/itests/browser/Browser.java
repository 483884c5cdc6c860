package org.jinku.itests.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's /usr/bin/chromedriver (浏览器). Both paths are given, so
 * Selenium Manager never runs and nothing is downloaded; a fresh profile per browser, removed on close.
 */
public final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /**
     * Selenium 4.52 carries DevTools bindings for newer Chrome than Debian's; the tests use WebDriver only, not CDP,
     * so the "no CDP implementation matching" warning is noise. Held here: JUL keeps loggers weakly.
     */
    private static final Logger CDP_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_FINDER.setLevel(Level.SEVERE);
    }

    private final Path profile;
    private final ChromeDriver driver;
    private final SeleniumManagerWatch seleniumManager = new SeleniumManagerWatch();

    public Browser() {
        for (String bin : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(bin))) {
                throw new IllegalStateException(bin + " missing: apt-get install -y chromium chromium-driver");
            }
        }
        try {
            profile = Files.createTempDirectory("jinku-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--lang=zh-CN", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            seleniumManager.close();
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        try {
            seleniumManager.assertUnused();
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits up to {@code seconds} for a visible element. */
    public WebElement visible(String css, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public WebElement visible(String css) {
        return visible(css, 20);
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean present(String css) {
        return !all(css).isEmpty();
    }

    /** Whether the element is there and displayed now (no waiting). */
    public boolean shown(String css) {
        return all(css).stream().anyMatch(WebElement::isDisplayed);
    }

    /** Waits until the element's text contains {@code text}. */
    public WebElement textContains(String css, String text, int seconds) {
        new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css));
    }

    public void type(String css, String text) {
        WebElement e = visible(css);
        e.clear();
        e.sendKeys(text);
    }

    public void click(String css) {
        click(new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))));
    }

    /** Clicks an element scrolled to the middle of the window: at the top edge the console's fixed bar covers it. */
    public void click(WebElement e) {
        js("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    /** Sets a (long) field's value at once, as pasting does, and tells the page it changed. */
    public void paste(String css, String text) {
        js("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input', {bubbles: true}));"
                + " e.dispatchEvent(new Event('change', {bubbles: true}));", css, text);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: its last argument is the callback. */
    public Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Saves the page as target/screenshots/{name}.png, e.g. {@code 01-login}; returns the file. */
    public Path screenshot(String name) {
        Path png = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("screenshot " + png.toAbsolutePath());
        return png;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            seleniumManager.close();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }

    /**
     * Proves Selenium Manager (which may download a browser or a driver) did not run: Selenium's driver finder logs
     * that it skipped it because the service names the driver, and Selenium Manager, which logs whenever it runs,
     * logged nothing.
     */
    private static final class SeleniumManagerWatch extends Handler {
        private final Logger finder = Logger.getLogger("org.openqa.selenium.remote.service.DriverFinder");
        private final Logger manager = Logger.getLogger("org.openqa.selenium.manager.SeleniumManager");
        private final Level finderLevel = finder.getLevel();
        private final Level managerLevel = manager.getLevel();
        private volatile boolean skipped;
        private volatile String ran;

        SeleniumManagerWatch() {
            setLevel(Level.ALL);
            for (Logger l : List.of(finder, manager)) {
                l.setLevel(Level.FINE);
                l.addHandler(this);
            }
        }

        void assertUnused() {
            if (ran != null || !skipped) {
                throw new IllegalStateException("Selenium Manager was not skipped (it may download): " + ran);
            }
        }

        @Override
        public void publish(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            if (record.getLoggerName().equals(manager.getName())) {
                ran = message;
            } else if (message.startsWith("Skipping Selenium Manager")) {
                skipped = true;
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            finder.removeHandler(this);
            manager.removeHandler(this);
            finder.setLevel(finderLevel);
            manager.setLevel(managerLevel);
        }
    }
}
