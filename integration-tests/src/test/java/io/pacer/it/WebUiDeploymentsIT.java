package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Deployments in the web UI, in real Chromium against the real pacer.jar on its embedded cluster: an upgrade whose
 * new task never becomes healthy (its health check asks for a path the server answers 404) shows as Deploying in the
 * list without a reload, its panel says it waits for the failing health check, and Roll back brings the previous
 * definition back; a version's diff shows the changed fields and Restore makes it current again; a scale while that
 * restored (never healthy) version deploys is refused with the lock's message and goes through with Force, and so
 * does an edit through the form; Stop ends the deployment where it is, the new definition kept; and an app whose
 * task runs but never passes its health check is Deploying in the list, where counts alone would say Running.
 * Screenshots of the deployment panel and of a version's diff go to target/screenshots.
 */
class WebUiDeploymentsIT extends WebUiSession {
    private static final String APP = "/webui/rolling";
    /** Starting and health-checking tasks on a loaded machine takes a while: waits are generous. */
    private static final Duration TASKS_WITHIN = Duration.ofSeconds(120);

    private String brokenVersion;

    @Test
    @Order(1)
    void aNeverHealthyUpgradeShowsDeployingAndWhatItWaitsForThenRollsBack() throws Exception {
        assertThat(pacer.send("POST", "/v2/apps", app("v1", "/").toString()).statusCode()).isEqualTo(201);
        pacer.awaitTasks(APP, PacerProcess.healthy(1), TASKS_WITHIN);
        pacer.awaitDeployed(APP);
        ui.browser.get(pacer.uri.resolve("/").toString());
        ui.await("the app running in the list", () -> "Running".equals(row().getAttribute("data-status")));
        ui.js("window.notReloaded = true");

        var upgrade = pacer.send("PUT", "/v2/apps" + APP, app("v2", "/never-there").toString());
        assertThat(upgrade.statusCode()).as(upgrade.body()).isEqualTo(200);
        brokenVersion = PacerProcess.JSON.readTree(upgrade.body()).get("version").asText();

        ui.await("the app deploying in the list, without a reload", () -> "Deploying".equals(row().getAttribute("data-status")));
        assertThat(ui.js("return window.notReloaded === true")).isEqualTo(true);
        ui.click(By.cssSelector("tr[data-app-id='" + APP + "'] a"));
        String waiting = ui.awaitText("the panel waiting for the failing health check", By.id("deployment-waiting"),
                text -> text.contains("404"));
        assertThat(waiting).startsWith("Waiting for: 1 of 1 new task").contains("to become healthy: HTTP health check of").contains("HTTP 404");
        ui.awaitText("the action and step", By.id("deployment"), text -> text.contains("Restart: replacing the tasks")
                && text.contains("1 of 1") && text.contains("new task ready"));
        ui.js("window.scrollTo(0, 0)");
        ui.screenshot("deployment-panel.png");
        ui.assertEveryControlLabelled();

        ui.click(By.id("rollback-button"));
        ui.confirm();

        ui.await("the panel gone", TASKS_WITHIN, () -> ui.browser.findElements(By.id("deployment")).isEmpty()
                && ui.browser.findElement(By.id("app-message")).getText().equals("Roll back: done."));
        pacer.awaitDeployed(APP);
        JsonNode app = pacer.get("/v2/apps" + APP).get("app");
        assertThat(app.get("env").get("MARK").asText()).isEqualTo("v1");
        assertThat(app.get("healthChecks").get(0).get("path").asText()).isEqualTo("/");
        ui.await("the old definition on the page", () -> ui.browser.findElement(By.id("definition-json"))
                .getAttribute("textContent").contains("\"MARK\": \"v1\""));
        ui.click(By.cssSelector("header nav a[href='#/']"));
        ui.await("the app running again in the list", () -> "Running".equals(row().getAttribute("data-status")));
    }

    @Test
    @Order(2)
    void aVersionsDiffShowsTheChangedFieldsAndRestoreMakesItCurrent() throws Exception {
        ui.browser.get(pacer.uri.resolve("/#/apps" + APP).toString());
        String version = "[data-version='" + brokenVersion + "']";
        ui.click(By.cssSelector(version + " summary"));

        String path = ui.awaitText("the changed health check path in the diff", By.cssSelector(version + " tr[data-path='/healthChecks/0/path']"),
                text -> !text.isEmpty());
        assertThat(path).contains("\"/never-there\"").contains("\"/\"");
        assertThat(ui.element(By.cssSelector(version + " tr[data-path='/env/MARK']")).getText()).contains("\"v2\"").contains("\"v1\"");
        assertThat(ui.browser.findElements(By.cssSelector(version + " tr[data-path='/cmd']"))).as("an unchanged field").isEmpty();
        ui.assertEveryControlLabelled();
        ui.js("document.getElementById('versions').scrollIntoView()");
        ui.screenshot("versions-diff.png");

        ui.click(By.cssSelector(version + " button.restore"));
        ui.confirm();

        ui.await("the restore done", () -> ui.browser.findElement(By.id("app-message")).getText().equals("Restore: done."));
        JsonNode app = pacer.get("/v2/apps" + APP).get("app");
        assertThat(app.get("env").get("MARK").asText()).isEqualTo("v2");
        assertThat(app.get("healthChecks").get(0).get("path").asText()).isEqualTo("/never-there");
        assertThat(app.get("version").asText()).as("a new version").isNotEqualTo(brokenVersion);
    }

    @Test
    @Order(3)
    void aScaleWhileADeploymentHoldsTheAppShowsTheLockAndForceMakesItGoThrough() throws Exception {
        // the restored version never becomes healthy: its deployment holds the app
        ui.element(By.id("deployment"));
        WebElement instances = ui.element(By.cssSelector("form.inline input[type=number]"));
        ui.type(instances, "2");
        ui.element(By.id("scale-button")).click();
        ui.confirm();

        String refused = ui.awaitText("the lock's message", By.id("app-error"), text -> text.contains("locked"));
        assertThat(refused).contains("App is locked by one or more deployments");
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("instances").asInt()).isEqualTo(1);
        ui.assertEveryControlLabelled();

        ui.click(By.id("force-button"));
        ui.confirm();

        ui.await("the forced scale done", () -> ui.browser.findElement(By.id("app-message")).getText().equals("Scale: done."));
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("instances").asInt()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void anEditWhileADeploymentHoldsTheAppShowsTheLockAndForceSavesIt() throws Exception {
        // the forced scale's deployment of the never-healthy version holds the app in turn
        ui.element(By.id("deployment"));
        ui.click(By.id("edit-button"));
        ui.await("the app's definition in the form", () -> APP.equals(ui.control("/id").getAttribute("value")));
        ui.type(ui.control("/mem"), "48");
        ui.element(By.id("submit-app")).click();

        String refused = ui.awaitText("the lock's message above the form", By.id("form-errors"), text -> text.contains("locked"));
        assertThat(refused).contains("App is locked by one or more deployments");
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("mem").asDouble()).isEqualTo(64.0);
        ui.click(By.id("force-button"));
        ui.confirm();

        ui.await("the app's page again", () -> ui.browser.getCurrentUrl().endsWith("#/apps" + APP));
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("mem").asDouble()).isEqualTo(48.0);
    }

    @Test
    @Order(5)
    void stopEndsTheDeploymentWhereItIsAndKeepsTheNewDefinition() throws Exception {
        String held = ui.element(By.id("deployment")).getAttribute("data-deployment-id");
        ui.click(By.id("stop-deployment-button"));
        ui.confirm();

        ui.await("the panel gone", () -> ui.browser.findElements(By.id("deployment")).isEmpty()
                && ui.browser.findElement(By.id("app-message")).getText().equals("Stop deployment: done."));
        assertThat(pacer.get("/v2/deployments").findValuesAsText("id")).doesNotContain(held);
        assertThat(pacer.get("/v2/apps" + APP).get("app").get("mem").asDouble()).as("no rollback").isEqualTo(48.0);
        assertThat(pacer.send("DELETE", "/v2/apps" + APP, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void anAppWhoseTasksAllRunButWhoseScaleWaitsOnHealthIsDeployingNotRunning() throws Exception {
        // created with 0 instances, then scaled: a scale's deployment is stored while the app exists (a create's may
        // be taken for a finished one by a scheduler tick that comes between storing it and storing the app)
        ObjectNode unhealthy = app("v1", "/never-there").put("id", "/webui/unhealthy").put("instances", 0);
        assertThat(pacer.send("POST", "/v2/apps", unhealthy.toString()).statusCode()).isEqualTo(201);
        pacer.awaitDeployed("/webui/unhealthy");
        assertThat(pacer.send("PATCH", "/v2/apps/webui/unhealthy", "{\"instances\": 1}").statusCode()).isEqualTo(200);
        pacer.awaitTasks("/webui/unhealthy", PacerProcess.running(1), TASKS_WITHIN);
        ui.browser.get(pacer.uri.resolve("/").toString());

        // 1 of 1 running, none staging: counts alone would say Running; its scale deployment still waits
        try {
            ui.await("the app deploying in the list", () -> {
                WebElement row = ui.browser.findElement(By.cssSelector("tr[data-app-id='/webui/unhealthy']"));
                return "Deploying".equals(row.getAttribute("data-status")) && row.getText().contains("1 / 1");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe API shows: " + pacer.get("/v2/apps/webui/unhealthy").toPrettyString()
                    + "\n" + pacer.get("/v2/deployments").toPrettyString() + "\nPacer's log:\n" + pacer.tail(), e);
        }
        assertThat(pacer.get("/v2/deployments").findValuesAsText("action")).contains("ScaleApplication");
        assertThat(pacer.send("DELETE", "/v2/apps/webui/unhealthy?force=true", null).statusCode()).isEqualTo(200);
    }

    private WebElement row() {
        return ui.browser.findElement(By.cssSelector("tr[data-app-id='" + APP + "']"));
    }

    /** One instance checked on {@code healthPath}; a failing check never kills it, so a broken upgrade waits on it. */
    private static ObjectNode app(String mark, String healthPath) {
        return HttpServerApp.of(APP, 1, mark, healthPath, 1, 0);
    }
}
