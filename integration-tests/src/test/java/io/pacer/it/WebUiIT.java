package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in real Chromium against the real pacer.jar on its embedded cluster, as a person uses it: one app's
 * life in order (create through the form, healthy in the list without a reload, its tasks, scale up and down, kill
 * a task, the task's histories and logs through Pacer, destroy), a 422 shown next to its field, the list's
 * filters and sort, the not-live marker and the reconnection after Pacer restarts. Screenshots of the list, an
 * app, a task and the form go to target/screenshots.
 */
class WebUiIT extends WebUiSession {
    private static final String APP = "/webui/hello";
    private static final Duration WITHIN = WebUiPage.WITHIN;

    private String[] agentFlags;
    private String firstTask;

    @Override
    String[] pacerFlags() throws Exception {
        agentFlags = super.pacerFlags(); // kept: the restarted Pacer below uses the same agent ports
        return agentFlags;
    }

    @Test
    @Order(1)
    void anAppCreatedThroughTheFormTurnsHealthyInTheListWithoutAReload() throws Exception {
        ui.browser.get(pacer.uri.resolve("/").toString());
        ui.await("the live marker", () -> "true".equals(ui.browser.findElement(By.id("live")).getAttribute("data-live")));
        assertThat(ui.browser.findElement(By.id("leader")).getText()).as("which Pacer leads")
                .isEqualTo("Leader: " + pacer.uri.getHost() + ":" + pacer.uri.getPort());
        ui.js("window.notReloaded = true");
        ui.assertEveryControlLabelled();

        ui.browser.findElement(By.id("nav-create")).click();
        ui.type(ui.control("/id"), APP);
        ui.type(ui.control("/cmd"), "echo hello from stdout; exec python3 -m http.server $PORT0");
        ui.type(ui.control("/mem"), "64");
        ui.type(ui.control("/portDefinitions"), "0");
        new Select(ui.control("/healthChecks(0)/protocol")).selectByValue("HTTP");
        ui.type(ui.control("/healthChecks(0)/path"), "/");
        ui.type(ui.control("/healthChecks(0)/delaySeconds"), "0");
        ui.type(ui.control("/healthChecks(0)/intervalSeconds"), "1");
        ui.type(ui.control("/labels"), "team=ui");
        // the JSON mode shows what the form holds, and going back keeps it
        ui.browser.findElement(By.id("mode-json")).click();
        assertThat(ui.browser.findElement(By.id("app-json")).getAttribute("value"))
                .contains("\"id\": \"" + APP + "\"").contains("\"protocol\": \"HTTP\"").contains("\"team\": \"ui\"");
        ui.browser.findElement(By.id("mode-form")).click();
        assertThat(ui.control("/id").getAttribute("value")).isEqualTo(APP);
        ui.browser.findElement(By.id("add-artifact")).click();
        ui.assertEveryControlLabelled();
        ui.browser.findElement(By.xpath("//button[text()='Remove artifact 1']")).click();
        assertThat(ui.browser.findElements(By.cssSelector("[data-path='/fetch(0)/uri']"))).isEmpty();
        ui.js("window.scrollTo(0, 0)");
        ui.screenshot("create-form.png");
        ui.browser.findElement(By.id("submit-app")).click();

        ui.await("the app's page", () -> ui.browser.getCurrentUrl().endsWith("#/apps" + APP));
        ui.browser.findElement(By.cssSelector("header nav a[href='#/']")).click();
        ui.await("1 healthy instance of " + APP + " in the list", () -> {
            WebElement row = ui.browser.findElement(By.cssSelector("tr[data-app-id='" + APP + "']"));
            return row.getAttribute("data-status").equals("Running")
                    && row.findElement(By.cssSelector(".health")).getAttribute("data-healthy").equals("1")
                    && row.findElement(By.cssSelector(".instances")).getText().equals("1 / 1");
        });
        assertThat(ui.js("return window.notReloaded === true")).isEqualTo(true);
    }

    @Test
    @Order(2)
    void theAppsPageShowsItsTasksAndScalesTo2AndBackTo1() throws Exception {
        ui.click(By.cssSelector("tr[data-app-id='" + APP + "'] a"));
        List<String> one = awaitRunningTasks(1);
        firstTask = one.get(0);
        assertThat(ui.element(By.cssSelector("tr[data-task-id='" + firstTask + "']")).getText()).contains("127.0.0.1").contains("Healthy");

        scaleTo(2);
        assertThat(awaitRunningTasks(2)).contains(firstTask);
        ui.await("2 of 2 running", () -> ui.browser.findElement(By.id("app-instances")).getText().contains("2 of 2 running"));
        ui.screenshot("app-detail.png");
        ui.assertEveryControlLabelled();

        scaleTo(1);
        awaitRunningTasks(1);
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("instances").asInt()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aKilledTaskIsReplacedBeforeTheUsersEyes() throws Exception {
        String victim = awaitRunningTasks(1).get(0);

        ui.click(By.cssSelector("tr[data-task-id='" + victim + "'] button.kill"));
        ui.confirm();

        String replacement = Poll.until(WITHIN, () -> "a replacement of " + victim + "; page shows:\n" + ui.text(), () -> {
            List<String> running = runningTasks();
            return running.size() == 1 && !running.contains(victim) ? Optional.of(running.get(0)) : Optional.empty();
        });
        assertThat(replacement).isNotEqualTo(victim);
        assertThat(ui.element(By.id("app-message")).getText()).isEqualTo("Kill: done.");
    }

    @Test
    @Order(4)
    void aTasksPageShowsItsHistoriesAndLogsThroughPacer() throws Exception {
        String task = awaitRunningTasks(1).get(0);
        ui.click(By.cssSelector("tr[data-task-id='" + task + "'] th a"));

        ui.await("the task's state history and health checks", () -> ui.browser.findElement(By.id("state-history")).getText().contains("TASK_RUNNING")
                && !ui.browser.findElements(By.cssSelector("#health-history td.ok")).isEmpty());
        ui.await("its stdout and stderr", () -> ui.browser.findElement(By.id("stdout")).getText().contains("hello from stdout")
                && ui.browser.findElement(By.id("stderr")).getText().contains("\"GET / HTTP/1.1\" 200"));
        assertThat(ui.element(By.id("task-overview")).getText()).contains("TASK_RUNNING").contains("Healthy");
        assertThat(ui.element(By.id("executor-error")).getText()).isEmpty();
        ui.screenshot("task-detail.png");
        ui.assertEveryControlLabelled();
    }

    @Test
    @Order(5)
    void anInvalidAppShowsTheApisErrorNextToTheField() throws Exception {
        ui.browser.get(pacer.uri.resolve("/#/new").toString());
        ui.type(ui.control("/id"), "/webui/bad");
        ui.type(ui.control("/cmd"), "sleep 100");
        ui.type(ui.control("/cpus"), "-1");
        ui.browser.findElement(By.id("submit-app")).click();

        WebElement error = Poll.until(WITHIN, () -> "the error next to the cpus field; page shows:\n" + ui.text(),
                () -> Optional.ofNullable(ui.elementOrNull(By.cssSelector("[data-path='/cpus'] .field-error"))));
        assertThat(error.getAttribute("data-error-path")).isEqualTo("/cpus");
        assertThat(error.getText()).isNotBlank();
        assertThat(ui.control("/cpus").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(ui.element(By.id("form-errors")).getText()).contains("Object is not valid");
        assertThat(pacer.send("GET", "/v2/apps/webui/bad", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void theListFiltersByIdAndByLabel() throws Exception {
        for (String app : List.of("{\"id\":\"/webui/other\",\"cmd\":\"sleep 100\",\"instances\":0,\"labels\":{\"team\":\"ops\"}}",
                "{\"id\":\"/filters/thing\",\"cmd\":\"sleep 100\",\"instances\":0}")) {
            assertThat(pacer.send("POST", "/v2/apps", app).statusCode()).isEqualTo(201);
        }
        ui.browser.get(pacer.uri.resolve("/").toString());
        ui.await("3 apps listed", () -> ui.listedApps().size() == 3);
        // a page must not wait for the event streams of the pages left before it, which the browser may keep in its
        // back-forward cache (it holds 6 connections to a host)
        for (int visit = 0; visit < 8; visit++) {
            long start = System.nanoTime();
            ui.browser.get(pacer.uri.resolve("/?visit=" + visit).toString());
            ui.await("the list on a new visit", () -> ui.listedApps().size() == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("visit " + visit).isLessThan(Duration.ofSeconds(10));
        }

        ui.type(ui.element(By.id("filter-id")), "webui/");
        ui.await("the webui apps", () -> ui.listedApps().equals(List.of("/webui/hello", "/webui/other")));
        ui.type(ui.element(By.id("filter-label")), "team=ops");
        ui.await("the ops app", () -> ui.listedApps().equals(List.of("/webui/other")));
        ui.type(ui.element(By.id("filter-id")), "");
        ui.type(ui.element(By.id("filter-label")), "team");
        ui.await("the apps with a team", () -> ui.listedApps().equals(List.of("/webui/hello", "/webui/other")));
        // sorting by id, descending
        ui.element(By.cssSelector("th[data-column='id'] button")).click();
        ui.await("sorted descending", () -> ui.listedApps().equals(List.of("/webui/other", "/webui/hello")));
        ui.type(ui.element(By.id("filter-label")), "");
    }

    @Test
    @Order(8)
    void anAppIsEditedWithTheSameFormAndReplacedWhole() throws Exception {
        pacer.awaitDeployed("/webui/other");
        ui.browser.get(pacer.uri.resolve("/#/apps/webui/other").toString());
        ui.click(By.id("edit-button"));
        ui.await("the app's definition in the form", () -> "/webui/other".equals(ui.browser.findElement(
                By.cssSelector("[data-path='/id'] > input")).getAttribute("value")));
        assertThat(ui.control("/id").getAttribute("readonly")).isNotNull();
        ui.type(ui.control("/labels"), "tier=back");
        ui.type(ui.control("/mem"), "48");
        ui.browser.findElement(By.id("submit-app")).click();

        ui.await("the app's page", () -> ui.browser.getCurrentUrl().endsWith("#/apps/webui/other"));
        var app = pacer.get("/v2/apps/webui/other").get("app");
        assertThat(app.get("labels").toString()).isEqualTo("{\"tier\":\"back\"}");
        assertThat(app.get("mem").asDouble()).isEqualTo(48.0);
        assertThat(app.get("cmd").asText()).isEqualTo("sleep 100");
    }

    @Test
    @Order(9)
    void destroyingTheAppTakesItOffTheList() throws Exception {
        ui.browser.get(pacer.uri.resolve("/#/apps" + APP).toString());
        awaitRunningTasks(1);
        pacer.awaitDeployed(APP);
        ui.element(By.id("destroy-button")).click();
        ui.confirm();

        ui.await("the list without " + APP, () -> ui.browser.getCurrentUrl().endsWith("#/") && !ui.listedApps().isEmpty()
                && !ui.listedApps().contains(APP));
        assertThat(pacer.send("GET", "/v2/apps" + APP, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void aCrashingAppIsDelayedWithItsBackoffAndLastFailureShown() throws Exception {
        assertThat(pacer.send("POST", "/v2/apps", "{\"id\":\"/webui/crash\",\"cmd\":\"echo boom >&2; exit 3\",\"cpus\":0.1,"
                + "\"mem\":16,\"backoffSeconds\":60}").statusCode()).isEqualTo(201);
        ui.browser.get(pacer.uri.resolve("/").toString());

        ui.await("the crashing app delayed in the list", () -> {
            WebElement row = ui.browser.findElement(By.cssSelector("tr[data-app-id='/webui/crash']"));
            return row.getAttribute("data-status").equals("Delayed") && row.getText().contains("retry in")
                    && row.getText().contains("Last failure:");
        });
        ui.screenshot("apps-list.png");
        ui.click(By.cssSelector("tr[data-app-id='/webui/crash'] a"));
        ui.await("its backoff and last failure", () -> ui.browser.findElement(By.id("delay")).getText().contains("delayed after 1 failure")
                && ui.browser.findElement(By.id("last-failure")).getText().contains("TASK_FAILED"));
        // it never runs, so its deployment never ends: only a forced change is taken
        assertThat(pacer.send("DELETE", "/v2/apps/webui/crash?force=true", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void theUiSaysWhenItIsNotLiveAndReconnectsAfterPacerRestarts() throws Exception {
        int port = pacer.uri.getPort();
        ui.browser.get(pacer.uri.resolve("/").toString());
        ui.await("the list live", () -> ui.listedApps().contains("/webui/other")
                && "true".equals(ui.browser.findElement(By.id("live")).getAttribute("data-live")));
        ui.js("window.notReloaded = true");

        pacer.close();
        ui.await("the marker saying the UI is not live", () -> "false".equals(ui.browser.findElement(By.id("live")).getAttribute("data-live"))
                && ui.browser.findElement(By.id("live")).getText().startsWith("Not live"));
        pacer = PacerProcess.start(dir.resolve("pacer"), "--http-port", Integer.toString(port), agentFlags[0], agentFlags[1]);
        ui.await("live again", () -> "true".equals(ui.browser.findElement(By.id("live")).getAttribute("data-live")));
        assertThat(pacer.send("POST", "/v2/apps", "{\"id\":\"/webui/after-restart\",\"cmd\":\"sleep 100\",\"instances\":0}")
                .statusCode()).isEqualTo(201);

        ui.await("the app created after the restart, from the new event stream", () -> ui.listedApps().contains("/webui/after-restart"));
        assertThat(ui.js("return window.notReloaded === true")).isEqualTo(true);
    }

    /** Scales once the app's last deployment is over: a change of an app a deployment holds is refused (409). */
    private void scaleTo(int instances) throws Exception {
        pacer.awaitDeployed(APP);
        ui.type(ui.element(By.cssSelector("form.inline input[type=number]")), Integer.toString(instances));
        ui.element(By.id("scale-button")).click();
        ui.confirm();
    }

    private List<String> awaitRunningTasks(int count) throws Exception {
        return Poll.until(WITHIN, () -> count + " running tasks and no other; page shows:\n" + ui.text(), () -> {
            List<String> running = runningTasks();
            return running.size() == count && ui.browser.findElements(By.cssSelector("#tasks tr[data-task-id]")).size() == count
                    ? Optional.of(running) : Optional.empty();
        });
    }

    private List<String> runningTasks() {
        return ui.attributes("#tasks tr[data-state='TASK_RUNNING']", "data-task-id");
    }
}
