package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in real Chromium against pacer.jar asking for credentials (an admin and a viewer): its own login form
 * (a wrong password said so), who is logged in and Log out in the header, a viewer shown none of the actions the API
 * would refuse, an admin all of them, live events with the credentials; then a client that keeps failing to log in
 * is counted in /metrics and refused with 429 and Retry-After, even with right credentials, until the minute passed.
 */
class WebUiLoginIT extends WebUiSession {
    private static final String APP = "/webui/login";
    private static final String ADMIN = "ops";
    private static final String ADMIN_PASSWORD = "adm1n-Pass-7731";
    private static final String VIEWER = "dev";
    private static final String VIEWER_PASSWORD = "v1ewer-Pass-2284";
    private static final int LIMIT = 5;
    /** The header's and the app page's actions that change something (the lock's Force and a deployment's need more). */
    private static final List<String> ACTIONS = List.of("#nav-create", "#scale-button", "#restart-button", "#suspend-button",
            "#edit-button", "#destroy-button", "button.kill", "button.kill-scale", "button.restore");

    private String firstVersion;

    @Override
    String[] pacerFlags() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), ADMIN + ":" + ADMIN_PASSWORD + "\n" + VIEWER + ":" + VIEWER_PASSWORD + ":viewer\n");
        List<String> flags = new ArrayList<>(List.of(super.pacerFlags()));
        flags.addAll(List.of("--http-credentials-file", users.toString(), "--http-max-failed-logins-per-minute", String.valueOf(LIMIT)));
        return flags.toArray(String[]::new);
    }

    @Override
    void beforeBrowser() throws Exception {
        String app = "{\"id\": \"" + APP + "\", \"cmd\": \"exec sleep 7823\", \"cpus\": 0.1, \"mem\": 32}";
        String admin = ADMIN + ":" + ADMIN_PASSWORD;
        assertThat(pacer.sendAs(admin, "POST", "/v2/apps", app).statusCode()).isEqualTo(201);
        firstVersion = PacerProcess.JSON.readTree(pacer.sendAs(admin, "GET", "/v2/apps" + APP, null).body()).get("app").get("version").asText();
        // a second version, so that the first one can be restored
        HttpResponse<String> changed = pacer.sendAs(admin, "PATCH", "/v2/apps" + APP + "?force=true", "{\"labels\": {\"v\": \"2\"}}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void aViewerLogsInThroughTheFormSeesTheirNameAndNoAction() throws Exception {
        ui.browser.get(pacer.uri.resolve("/").toString());
        ui.element(By.id("login-form"));
        ui.assertEveryControlLabelled();
        ui.logIn(VIEWER, "wrong-password");
        ui.awaitText("the login form's error", By.id("login-error"), "Wrong user name or password."::equals);
        ui.screenshot("login.png");

        ui.logIn(VIEWER, VIEWER_PASSWORD);

        ui.awaitText("the viewer's name in the header", By.id("who-name"), VIEWER::equals);
        assertThat(ui.browser.findElement(By.id("who-role")).getText()).isEqualTo("viewer");
        ui.await("the live marker: events read with the viewer's credentials",
                () -> "true".equals(ui.browser.findElement(By.id("live")).getAttribute("data-live")));
        ui.await("the app in the list", () -> ui.listedApps().contains(APP));
        assertThat(ui.browser.findElements(By.cssSelector("main a[href='#/new']"))).as("the list's Create app").isEmpty();
        openAppWithItsTask();
        ui.screenshot("viewer-app.png");
        assertThat(shownActions()).as("actions shown to a viewer").isEmpty();

        ui.browser.get(pacer.uri.resolve("/#/new").toString());
        ui.await("the list in place of the create form", () -> ui.listedApps().contains(APP));
        assertThat(ui.browser.findElements(By.id("submit-app"))).isEmpty();
    }

    @Test
    @Order(2)
    void afterLogOutAnAdminLogsInAndSeesEveryAction() throws Exception {
        ui.click(By.id("logout"));
        ui.element(By.id("login-form"));
        assertThat(ui.browser.findElement(By.id("who")).isDisplayed()).isFalse();

        ui.logIn(ADMIN, ADMIN_PASSWORD);

        ui.awaitText("the admin's name in the header", By.id("who-name"), ADMIN::equals);
        assertThat(ui.browser.findElement(By.id("who-role")).getText()).isEqualTo("admin");
        openAppWithItsTask();
        assertThat(shownActions()).containsExactlyElementsOf(ACTIONS);
    }

    @Test
    @Order(3)
    void failedLoginsAreCountedAndTooManyGet429WithRetryAfterEvenWithRightCredentials() throws Exception {
        String admin = ADMIN + ":" + ADMIN_PASSWORD;
        HttpResponse<String> script = pacer.http.send(java.net.http.HttpRequest.newBuilder(pacer.uri.resolve("/v2/pacer/whoami"))
                .header("X-Requested-With", "XMLHttpRequest").header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString((VIEWER + ":nope").getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).as("no challenge: the browser must not ask").isEmpty();
        assertThat(pacer.sendAs("nobody:" + ADMIN_PASSWORD, "GET", "/v2/apps", null).statusCode()).isEqualTo(401);
        // so far from this client: the browser's wrong password, the script's, the unknown user
        String metrics = pacer.sendAs(admin, "GET", "/metrics", null).body();
        assertThat(metrics).contains("pacer_api_logins_failed_total{reason=\"wrong_password\"} 2.0")
                .contains("pacer_api_logins_failed_total{reason=\"unknown_user\"} 1.0")
                .contains("pacer_api_logins_failed_total{reason=\"malformed\"} 0.0");

        int refusedAs401 = 0;
        HttpResponse<String> answer = pacer.sendAs(ADMIN + ":guess", "GET", "/v2/apps", null);
        while (answer.statusCode() == 401 && refusedAs401 < 10) {
            refusedAs401++;
            answer = pacer.sendAs(ADMIN + ":guess", "GET", "/v2/apps", null);
        }
        assertThat(refusedAs401).as("the 401s before the 429: 3 failures so far, limit %d", LIMIT).isEqualTo(LIMIT + 1 - 3);
        HttpResponse<String> refused = pacer.sendAs(admin, "GET", "/v2/apps", null);
        assertThat(refused.statusCode()).as("right credentials from the same client").isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed logins from 127.0.0.1: more than " + LIMIT + " in the last minute; try again in ");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);

        Poll.until(Duration.ofSeconds(75), () -> "the client let in again after a minute; Pacer's log:\n" + pacer.tail(),
                () -> pacer.sendAs(admin, "GET", "/metrics", null).statusCode() == 200 ? Optional.of(true) : Optional.empty());
        assertThat(pacer.sendAs(admin, "GET", "/metrics", null).body()).contains("pacer_api_logins_failed_total{reason=\"wrong_password\"} "
                + (2 + LIMIT + 1 - 3) + ".0").containsPattern("pacer_api_logins_throttled_total [1-9]");
    }

    /** The app's page with its running task, and its first version opened (with its difference). */
    private void openAppWithItsTask() throws Exception {
        ui.browser.get(pacer.uri.resolve("/#/apps" + APP).toString());
        ui.await("the app's running task on its page", () -> !ui.browser.findElements(By.cssSelector("tr[data-task-id][data-state='TASK_RUNNING']")).isEmpty());
        String version = "[data-version='" + firstVersion + "']";
        ui.click(By.cssSelector(version + " summary"));
        ui.awaitText("the first version's difference", By.cssSelector(version + " tr[data-path='/labels/v']"), text -> !text.isEmpty());
    }

    /** Which of {@link #ACTIONS} the page shows. */
    private List<String> shownActions() {
        return ACTIONS.stream().filter(selector -> ui.browser.findElements(By.cssSelector(selector)).stream().anyMatch(WebElement::isDisplayed)).toList();
    }
}
