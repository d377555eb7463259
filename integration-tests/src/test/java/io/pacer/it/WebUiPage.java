package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI's browser tests' way of using a page as a person does: wait for what it shows (it is redrawn on every
 * event, so each look may find it gone and looks again), click, confirm the dialog, type, and check that every
 * control is labelled. Failures say what the page showed.
 */
final class WebUiPage implements AutoCloseable {
    static final Duration WITHIN = Duration.ofSeconds(45);
    static final Path SCREENSHOTS = Path.of(System.getProperty("pacer.root", "."), "integration-tests", "target", "screenshots");

    final HeadlessChromium chromium;
    final ChromeDriver browser;

    private WebUiPage(HeadlessChromium chromium) {
        this.chromium = chromium;
        this.browser = chromium.driver;
    }

    /** A fresh headless Chromium with a 1280x800 window. */
    static WebUiPage open() throws IOException {
        return new WebUiPage(HeadlessChromium.start(1280, 800));
    }

    /** A PNG of the window in target/screenshots. */
    void screenshot(String name) throws IOException {
        chromium.screenshot(SCREENSHOTS.resolve(name));
    }

    /** Every input, select and textarea of the view has a label a screen reader announces. */
    @SuppressWarnings("unchecked")
    void assertEveryControlLabelled() {
        List<String> unlabelled = (List<String>) js("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.outerHTML)");
        assertThat(unlabelled).as("controls without a label on " + browser.getCurrentUrl()).isEmpty();
    }

    /** Clicks what may be redrawn (by an event) between finding and clicking it. */
    void click(By by) throws Exception {
        await("to click " + by, () -> {
            browser.findElement(by).click();
            return true;
        });
    }

    void confirm() throws Exception {
        await("the confirmation dialog", () -> browser.findElement(By.id("confirm")).getAttribute("open") != null);
        element(By.id("confirm-ok")).click();
    }

    /** The rows are redrawn on every event: read them in one go in the page. */
    @SuppressWarnings("unchecked")
    List<String> attributes(String selector, String attribute) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                selector, attribute);
    }

    /** The ids of the apps the list shows. */
    List<String> listedApps() {
        return attributes("tbody tr[data-app-id]", "data-app-id");
    }

    /** The form control for the app field at {@code path} (its 422 path). */
    WebElement control(String path) throws Exception {
        return element(By.cssSelector("[data-path='" + path + "'] > input, [data-path='" + path + "'] > textarea, [data-path='"
                + path + "'] > select"));
    }

    void type(WebElement input, String text) {
        input.clear();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        } else {
            js("arguments[0].dispatchEvent(new Event('input'))", input);
        }
    }

    /** Types {@code user} and {@code password} into the UI's login form (shown when Pacer asks for credentials) and submits. */
    void logIn(String user, String password) throws Exception {
        type(element(By.cssSelector("#login-form input[name=username]")), user);
        type(element(By.cssSelector("#login-form input[name=password]")), password);
        browser.findElement(By.id("login-submit")).click();
    }

    WebElement element(By by) throws Exception {
        return Poll.until(WITHIN, () -> by + " on the page; it shows:\n" + text(), () -> Optional.ofNullable(elementOrNull(by)));
    }

    WebElement elementOrNull(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The text of {@code by} once it is there and {@code condition} holds for it (read in one look). */
    String awaitText(String what, By by, java.util.function.Predicate<String> condition) throws Exception {
        return Poll.until(WITHIN, () -> what + "; the page shows:\n" + text(), () -> {
            try {
                return Optional.ofNullable(elementOrNull(by)).map(WebElement::getText).filter(condition);
            } catch (WebDriverException e) {
                return Optional.empty();
            }
        });
    }

    void await(String what, Callable<Boolean> condition) throws Exception {
        await(what, WITHIN, condition);
    }

    void await(String what, Duration within, Callable<Boolean> condition) throws Exception {
        Poll.until(within, () -> what + "; the page shows:\n" + text(), () -> {
            try {
                return Boolean.TRUE.equals(condition.call()) ? Optional.of(true) : Optional.empty();
            } catch (WebDriverException | NullPointerException e) {
                return Optional.empty(); // redrawn under our feet, or not there yet
            }
        });
    }

    /** The address and the text the page shows, for failure messages. */
    String text() {
        return browser.getCurrentUrl() + "\n" + browser.findElement(By.tagName("body")).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Closes the browser, then Pacer, whichever of the two a test got to open. */
    static void closeBoth(WebUiPage ui, PacerProcess pacer) throws Exception {
        try {
            if (ui != null) {
                ui.close();
            }
        } finally {
            if (pacer != null) {
                pacer.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        chromium.close();
    }
}
