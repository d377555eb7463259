package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in real Chromium against the real pacer.jar on its embedded cluster, as a person uses it: one app's
 * life in order (create through the form, healthy in the list without a reload, its tasks, scale up and down, kill
 * a task, the task's histories and logs through Pacer, destroy), a 422 shown next to its field, the list's
 * filters and sort, the not-live marker and the reconnection after Pacer restarts. Screenshots of the list, an
 * app, a task and the form go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT {
    private static final String APP = "/webui/hello";
    private static final Duration WITHIN = Duration.ofSeconds(45);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("pacer.root", "."), "integration-tests", "target", "screenshots");

    @TempDir
    static Path dir;
    private PacerProcess pacer;
    private HeadlessChromium chromium;
    private ChromeDriver browser;
    private String firstTask;

    @BeforeAll
    void start() throws Exception {
        pacer = PacerProcess.start(dir.resolve("pacer"));
        chromium = HeadlessChromium.start(1280, 800);
        browser = chromium.driver;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (pacer != null) {
                pacer.close();
            }
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    @Order(1)
    void anAppCreatedThroughTheFormTurnsHealthyInTheListWithoutAReload() throws Exception {
        browser.get(pacer.uri.resolve("/").toString());
        await("the live marker", () -> "true".equals(browser.findElement(By.id("live")).getAttribute("data-live")));
        js("window.notReloaded = true");
        assertEveryControlLabelled();

        browser.findElement(By.id("nav-create")).click();
        type(control("/id"), APP);
        type(control("/cmd"), "echo hello from stdout; exec python3 -m http.server $PORT0");
        type(control("/mem"), "64");
        type(control("/portDefinitions"), "0");
        new Select(control("/healthChecks(0)/protocol")).selectByValue("HTTP");
        type(control("/healthChecks(0)/path"), "/");
        type(control("/healthChecks(0)/delaySeconds"), "0");
        type(control("/healthChecks(0)/intervalSeconds"), "1");
        type(control("/labels"), "team=ui");
        // the JSON mode shows what the form holds, and going back keeps it
        browser.findElement(By.id("mode-json")).click();
        assertThat(browser.findElement(By.id("app-json")).getAttribute("value"))
                .contains("\"id\": \"" + APP + "\"").contains("\"protocol\": \"HTTP\"").contains("\"team\": \"ui\"");
        browser.findElement(By.id("mode-form")).click();
        assertThat(control("/id").getAttribute("value")).isEqualTo(APP);
        browser.findElement(By.id("add-artifact")).click();
        assertEveryControlLabelled();
        browser.findElement(By.xpath("//button[text()='Remove artifact 1']")).click();
        assertThat(browser.findElements(By.cssSelector("[data-path='/fetch(0)/uri']"))).isEmpty();
        js("window.scrollTo(0, 0)");
        chromium.screenshot(SCREENSHOTS.resolve("create-form.png"));
        browser.findElement(By.id("submit-app")).click();

        await("the app's page", () -> browser.getCurrentUrl().endsWith("#/apps" + APP));
        browser.findElement(By.cssSelector("header nav a[href='#/']")).click();
        await("1 healthy instance of " + APP + " in the list", () -> {
            WebElement row = browser.findElement(By.cssSelector("tr[data-app-id='" + APP + "']"));
            return row.getAttribute("data-status").equals("Running")
                    && row.findElement(By.cssSelector(".health")).getAttribute("data-healthy").equals("1")
                    && row.findElement(By.cssSelector(".instances")).getText().equals("1 / 1");
        });
        assertThat(js("return window.notReloaded === true")).isEqualTo(true);
    }

    @Test
    @Order(2)
    void theAppsPageShowsItsTasksAndScalesTo2AndBackTo1() throws Exception {
        click(By.cssSelector("tr[data-app-id='" + APP + "'] a"));
        List<String> one = awaitRunningTasks(1);
        firstTask = one.get(0);
        assertThat(element(By.cssSelector("tr[data-task-id='" + firstTask + "']")).getText()).contains("127.0.0.1").contains("Healthy");

        scaleTo(2);
        assertThat(awaitRunningTasks(2)).contains(firstTask);
        await("2 of 2 running", () -> browser.findElement(By.id("app-instances")).getText().contains("2 of 2 running"));
        chromium.screenshot(SCREENSHOTS.resolve("app-detail.png"));
        assertEveryControlLabelled();

        scaleTo(1);
        awaitRunningTasks(1);
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("instances").asInt()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aKilledTaskIsReplacedBeforeTheUsersEyes() throws Exception {
        String victim = awaitRunningTasks(1).get(0);

        click(By.cssSelector("tr[data-task-id='" + victim + "'] button.kill"));
        confirm();

        String replacement = Poll.until(WITHIN, () -> "a replacement of " + victim + "; page shows:\n" + page(), () -> {
            List<String> running = runningTasks();
            return running.size() == 1 && !running.contains(victim) ? Optional.of(running.get(0)) : Optional.empty();
        });
        assertThat(replacement).isNotEqualTo(victim);
        assertThat(element(By.id("app-message")).getText()).isEqualTo("Kill: done.");
    }

    @Test
    @Order(4)
    void aTasksPageShowsItsHistoriesAndLogsThroughPacer() throws Exception {
        String task = awaitRunningTasks(1).get(0);
        click(By.cssSelector("tr[data-task-id='" + task + "'] th a"));

        await("the task's state history and health checks", () -> browser.findElement(By.id("state-history")).getText().contains("TASK_RUNNING")
                && !browser.findElements(By.cssSelector("#health-history td.ok")).isEmpty());
        await("its stdout and stderr", () -> browser.findElement(By.id("stdout")).getText().contains("hello from stdout")
                && browser.findElement(By.id("stderr")).getText().contains("\"GET / HTTP/1.1\" 200"));
        assertThat(element(By.id("task-overview")).getText()).contains("TASK_RUNNING").contains("Healthy");
        assertThat(element(By.id("executor-error")).getText()).isEmpty();
        chromium.screenshot(SCREENSHOTS.resolve("task-detail.png"));
        assertEveryControlLabelled();
    }

    @Test
    @Order(5)
    void anInvalidAppShowsTheApisErrorNextToTheField() throws Exception {
        browser.get(pacer.uri.resolve("/#/new").toString());
        type(control("/id"), "/webui/bad");
        type(control("/cmd"), "sleep 100");
        type(control("/cpus"), "-1");
        browser.findElement(By.id("submit-app")).click();

        WebElement error = Poll.until(WITHIN, () -> "the error next to the cpus field; page shows:\n" + page(),
                () -> Optional.ofNullable(elementOrNull(By.cssSelector("[data-path='/cpus'] .field-error"))));
        assertThat(error.getAttribute("data-error-path")).isEqualTo("/cpus");
        assertThat(error.getText()).isNotBlank();
        assertThat(control("/cpus").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(element(By.id("form-errors")).getText()).contains("Object is not valid");
        assertThat(pacer.send("GET", "/v2/apps/webui/bad", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void theListFiltersByIdAndByLabel() throws Exception {
        for (String app : List.of("{\"id\":\"/webui/other\",\"cmd\":\"sleep 100\",\"instances\":0,\"labels\":{\"team\":\"ops\"}}",
                "{\"id\":\"/filters/thing\",\"cmd\":\"sleep 100\",\"instances\":0}")) {
            assertThat(pacer.send("POST", "/v2/apps", app).statusCode()).isEqualTo(201);
        }
        browser.get(pacer.uri.resolve("/").toString());
        await("3 apps listed", () -> listedApps().size() == 3);
        // a page must not wait for the event streams of the pages left before it, which the browser may keep in its
        // back-forward cache (it holds 6 connections to a host)
        for (int visit = 0; visit < 8; visit++) {
            long start = System.nanoTime();
            browser.get(pacer.uri.resolve("/?visit=" + visit).toString());
            await("the list on a new visit", () -> listedApps().size() == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("visit " + visit).isLessThan(Duration.ofSeconds(10));
        }

        type(element(By.id("filter-id")), "webui/");
        await("the webui apps", () -> listedApps().equals(List.of("/webui/hello", "/webui/other")));
        type(element(By.id("filter-label")), "team=ops");
        await("the ops app", () -> listedApps().equals(List.of("/webui/other")));
        type(element(By.id("filter-id")), "");
        type(element(By.id("filter-label")), "team");
        await("the apps with a team", () -> listedApps().equals(List.of("/webui/hello", "/webui/other")));
        // sorting by id, descending
        element(By.cssSelector("th[data-column='id'] button")).click();
        await("sorted descending", () -> listedApps().equals(List.of("/webui/other", "/webui/hello")));
        type(element(By.id("filter-label")), "");
    }

    @Test
    @Order(8)
    void anAppIsEditedWithTheSameFormAndReplacedWhole() throws Exception {
        pacer.awaitDeployed("/webui/other");
        browser.get(pacer.uri.resolve("/#/apps/webui/other").toString());
        click(By.id("edit-button"));
        await("the app's definition in the form", () -> "/webui/other".equals(browser.findElement(
                By.cssSelector("[data-path='/id'] > input")).getAttribute("value")));
        assertThat(control("/id").getAttribute("readonly")).isNotNull();
        type(control("/labels"), "tier=back");
        type(control("/mem"), "48");
        browser.findElement(By.id("submit-app")).click();

        await("the app's page", () -> browser.getCurrentUrl().endsWith("#/apps/webui/other"));
        var app = pacer.get("/v2/apps/webui/other").get("app");
        assertThat(app.get("labels").toString()).isEqualTo("{\"tier\":\"back\"}");
        assertThat(app.get("mem").asDouble()).isEqualTo(48.0);
        assertThat(app.get("cmd").asText()).isEqualTo("sleep 100");
    }

    @Test
    @Order(9)
    void destroyingTheAppTakesItOffTheList() throws Exception {
        browser.get(pacer.uri.resolve("/#/apps" + APP).toString());
        awaitRunningTasks(1);
        pacer.awaitDeployed(APP);
        element(By.id("destroy-button")).click();
        confirm();

        await("the list without " + APP, () -> browser.getCurrentUrl().endsWith("#/") && !listedApps().isEmpty()
                && !listedApps().contains(APP));
        assertThat(pacer.send("GET", "/v2/apps" + APP, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void aCrashingAppIsDelayedWithItsBackoffAndLastFailureShown() throws Exception {
        assertThat(pacer.send("POST", "/v2/apps", "{\"id\":\"/webui/crash\",\"cmd\":\"echo boom >&2; exit 3\",\"cpus\":0.1,"
                + "\"mem\":16,\"backoffSeconds\":60}").statusCode()).isEqualTo(201);
        browser.get(pacer.uri.resolve("/").toString());

        await("the crashing app delayed in the list", () -> {
            WebElement row = browser.findElement(By.cssSelector("tr[data-app-id='/webui/crash']"));
            return row.getAttribute("data-status").equals("Delayed") && row.getText().contains("retry in")
                    && row.getText().contains("Last failure:");
        });
        chromium.screenshot(SCREENSHOTS.resolve("apps-list.png"));
        click(By.cssSelector("tr[data-app-id='/webui/crash'] a"));
        await("its backoff and last failure", () -> browser.findElement(By.id("delay")).getText().contains("delayed after 1 failure")
                && browser.findElement(By.id("last-failure")).getText().contains("TASK_FAILED"));
        // it never runs, so its deployment never ends: only a forced change is taken
        assertThat(pacer.send("DELETE", "/v2/apps/webui/crash?force=true", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void theUiSaysWhenItIsNotLiveAndReconnectsAfterPacerRestarts() throws Exception {
        int port = pacer.uri.getPort();
        browser.get(pacer.uri.resolve("/").toString());
        await("the list live", () -> listedApps().contains("/webui/other")
                && "true".equals(browser.findElement(By.id("live")).getAttribute("data-live")));
        js("window.notReloaded = true");

        pacer.close();
        await("the marker saying the UI is not live", () -> "false".equals(browser.findElement(By.id("live")).getAttribute("data-live"))
                && browser.findElement(By.id("live")).getText().startsWith("Not live"));
        pacer = PacerProcess.start(dir.resolve("pacer"), "--http-port", Integer.toString(port));
        await("live again", () -> "true".equals(browser.findElement(By.id("live")).getAttribute("data-live")));
        assertThat(pacer.send("POST", "/v2/apps", "{\"id\":\"/webui/after-restart\",\"cmd\":\"sleep 100\",\"instances\":0}")
                .statusCode()).isEqualTo(201);

        await("the app created after the restart, from the new event stream", () -> listedApps().contains("/webui/after-restart"));
        assertThat(js("return window.notReloaded === true")).isEqualTo(true);
    }

    /** Every input, select and textarea of the view has a label a screen reader announces. */
    @SuppressWarnings("unchecked")
    private void assertEveryControlLabelled() {
        List<String> unlabelled = (List<String>) js("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.outerHTML)");
        assertThat(unlabelled).as("controls without a label on " + browser.getCurrentUrl()).isEmpty();
    }

    /** Scales once the app's last deployment is over: a change of an app a deployment holds is refused (409). */
    private void scaleTo(int instances) throws Exception {
        pacer.awaitDeployed(APP);
        type(element(By.cssSelector("form.inline input[type=number]")), Integer.toString(instances));
        element(By.id("scale-button")).click();
        confirm();
    }

    /** Clicks what may be redrawn (by an event) between finding and clicking it. */
    private void click(By by) throws Exception {
        await("to click " + by, () -> {
            browser.findElement(by).click();
            return true;
        });
    }

    private void confirm() throws Exception {
        await("the confirmation dialog", () -> browser.findElement(By.id("confirm")).getAttribute("open") != null);
        element(By.id("confirm-ok")).click();
    }

    private List<String> awaitRunningTasks(int count) throws Exception {
        return Poll.until(WITHIN, () -> count + " running tasks and no other; page shows:\n" + page(), () -> {
            List<String> running = runningTasks();
            return running.size() == count && browser.findElements(By.cssSelector("#tasks tr[data-task-id]")).size() == count
                    ? Optional.of(running) : Optional.empty();
        });
    }

    private List<String> runningTasks() {
        return attributes("#tasks tr[data-state='TASK_RUNNING']", "data-task-id");
    }

    private List<String> listedApps() {
        return attributes("tbody tr[data-app-id]", "data-app-id");
    }

    /** The rows are redrawn on every event: read them in one go in the page. */
    @SuppressWarnings("unchecked")
    private List<String> attributes(String selector, String attribute) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                selector, attribute);
    }

    /** The form control for the app field at {@code path} (its 422 path). */
    private WebElement control(String path) throws Exception {
        return element(By.cssSelector("[data-path='" + path + "'] > input, [data-path='" + path + "'] > textarea, [data-path='"
                + path + "'] > select"));
    }

    private void type(WebElement input, String text) {
        input.clear();
        if (!text.isEmpty()) {
            input.sendKeys(text);
        } else {
            js("arguments[0].dispatchEvent(new Event('input'))", input);
        }
    }

    private WebElement element(By by) throws Exception {
        return Poll.until(WITHIN, () -> by + " on the page; it shows:\n" + page(), () -> Optional.ofNullable(elementOrNull(by)));
    }

    private WebElement elementOrNull(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    private void await(String what, Callable<Boolean> condition) throws Exception {
        Poll.until(WITHIN, () -> what + "; the page shows:\n" + page(), () -> {
            try {
                return Boolean.TRUE.equals(condition.call()) ? Optional.of(true) : Optional.empty();
            } catch (WebDriverException | NullPointerException e) {
                return Optional.empty(); // redrawn under our feet, or not there yet
            }
        });
    }

    private String page() {
        return browser.getCurrentUrl() + "\n" + browser.findElement(By.tagName("body")).getText();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
