package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Groups in the web UI, in real Chromium against the real pacer.jar on its embedded cluster. A group /shop made
 * through the API (db; web and, in the nested group /shop/backend, api, both depending on db) shows in the list
 * as nested, collapsible groups whose headers sum their apps' counts, and a group without apps, /later, shows too;
 * the group's page draws the dependency edges, refuses a scale factor of 0 with the API's 422, scales the group by
 * 2 (db's new task is slow to serve, so the page shows web waiting for its step, in the plan and as its status)
 * and deletes it; and an app created through the form in a group, with a dependency picked from the existing
 * apps, has that id and that dependency. Screenshots of the grouped list, a group's page and its deployment go to
 * target/screenshots.
 */
class WebUiGroupsIT extends WebUiSession {
    /** Starting and health-checking tasks on a loaded machine takes a while: waits are generous. */
    private static final Duration TASKS_WITHIN = Duration.ofSeconds(120);
    private static final List<String> SHOP_APPS = List.of("/shop/db", "/shop/web", "/shop/backend/api");

    @Test
    @Order(1)
    void theListShowsAppsUnderTheirNestedGroupsWithSummedCountsAndCollapses() throws Exception {
        var created = pacer.send("POST", "/v2/groups", shop().toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(pacer.send("POST", "/v2/groups", "{\"id\": \"/later\"}").statusCode()).as("a group without apps").isEqualTo(201);
        for (String app : SHOP_APPS) {
            pacer.awaitTasks(app, PacerProcess.healthy(1), TASKS_WITHIN);
        }
        ui.browser.get(pacer.uri.resolve("/").toString());

        ui.await("/shop's header with 3 apps, 3 running and healthy", TASKS_WITHIN,
                () -> groupCounts("/shop").equals(Map.of("apps", "3", "running", "3", "healthy", "3", "unhealthy", "0", "staged", "0")));
        assertThat(groupCounts("/shop/backend")).containsEntry("apps", "1").containsEntry("running", "1");
        assertThat(groupCounts("/later")).containsEntry("apps", "0");
        assertThat(rows()).as("each group's header before its apps, the nested group after its parent's apps")
                .containsSubsequence("/shop", "/shop/db", "/shop/web", "/shop/backend", "/shop/backend/api");
        assertThat(indent("/shop/backend/api")).isGreaterThan(indent("/shop/web"));
        ui.screenshot("apps-groups.png");
        ui.assertEveryControlLabelled();

        ui.click(By.cssSelector("tr[data-group-id='/shop'] button.toggle"));
        ui.await("/shop collapsed: its apps and nested group hidden, its header kept", () -> rows().contains("/shop")
                && rows().stream().noneMatch(id -> id.startsWith("/shop/")));
        assertThat(ui.element(By.cssSelector("tr[data-group-id='/shop'] button.toggle")).getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(ui.element(By.id("apps-count")).getText()).as("collapsed apps still count").isEqualTo("(3)");
        ui.click(By.cssSelector("tr[data-group-id='/shop'] button.toggle"));
        ui.await("/shop expanded again", () -> ui.listedApps().containsAll(SHOP_APPS));
    }

    @Test
    @Order(2)
    void theGroupsPageDrawsTheDependencyEdgesAndShowsItsAppsAndGroups() throws Exception {
        ui.click(By.cssSelector("tr[data-group-id='/shop'] a"));

        ui.await("the graph's edges", () -> edges().containsAll(List.of("/shop/web <- /shop/db", "/shop/backend/api <- /shop/db")));
        assertThat(edges()).hasSize(2);
        assertThat(ui.attributes("svg.dependency-graph g.node[data-id='/shop/db']", "data-level")).containsExactly("0");
        assertThat(ui.attributes("svg.dependency-graph g.node[data-id='/shop/web']", "data-level")).containsExactly("1");
        assertThat(ui.attributes("svg.dependency-graph g.node[data-id='/shop/backend/api']", "data-level")).containsExactly("1");
        assertThat(ui.attributes("#group-apps tr[data-app-id]", "data-app-id")).containsExactlyInAnyOrderElementsOf(SHOP_APPS);
        assertThat(ui.attributes("#group-apps tr.group-row", "data-group-id")).containsExactly("/shop/backend");
        assertThat(ui.element(By.id("group-summary")).getText()).contains("3 apps").contains("3 / 3 running");
        ui.assertEveryControlLabelled();
        ui.screenshot("group-detail.png");
    }

    @Test
    @Order(3)
    void scaleGroupShowsTheApisRefusalOfAZeroFactorThenDoublesEveryApp() throws Exception {
        scaleBy("0");
        String refused = ui.awaitText("the 422 under the actions", By.id("group-error"), text -> !text.isEmpty());
        assertThat(refused).contains("Object is not valid").contains("/scaleBy: must be greater than 0");
        assertThat(instances()).containsOnly(1);

        scaleBy("2");
        ui.await("the scale done", () -> ui.browser.findElement(By.id("group-message")).getText().equals("Scale group: done."));
        assertThat(instances()).containsOnly(2);
        // db's new task serves only after a few seconds: web and api, one step later, wait for their step meanwhile,
        // in the deployment's plan and in their rows (where the launch queue's count alone would say Waiting for offers)
        ui.await("web waiting for its step, in the plan and in its row", () -> ui.browser.findElement(
                By.cssSelector("#group-deployments tr[data-app-id='/shop/web']")).getText().contains("Waiting for step 2")
                && ui.browser.findElement(By.cssSelector("#group-apps tr[data-app-id='/shop/web']")).getText()
                        .contains("Deploying (waiting for step 2"));
        ui.js("document.getElementById('group-deployments').scrollIntoView()");
        ui.screenshot("group-deployment.png");
        for (String app : SHOP_APPS) {
            pacer.awaitTasks(app, PacerProcess.healthy(2), TASKS_WITHIN);
            pacer.awaitDeployed(app);
        }
        ui.await("the deployment's panel gone and 6 running", TASKS_WITHIN,
                () -> ui.browser.findElements(By.cssSelector("#group-deployments section")).isEmpty()
                && ui.browser.findElement(By.id("group-summary")).getText().contains("6 / 6 running"));
    }

    @Test
    @Order(4)
    void deleteGroupRemovesItsAppsAndGoesBackToTheList() throws Exception {
        ui.click(By.id("delete-group-button"));
        ui.confirm();

        ui.await("the list without /shop", TASKS_WITHIN, () -> ui.browser.getCurrentUrl().endsWith("#/")
                && ui.browser.findElements(By.cssSelector("tr[data-group-id='/shop']")).isEmpty() && ui.listedApps().isEmpty());
        for (String app : SHOP_APPS) {
            assertThat(pacer.send("GET", "/v2/apps" + app, null).statusCode()).as(app).isEqualTo(404);
        }
        assertThat(pacer.send("GET", "/v2/groups/shop", null).statusCode()).isEqualTo(404);
        pacer.awaitNoDeployment(TASKS_WITHIN, "WebUiGroupsIT");
    }

    @Test
    @Order(5)
    void theFormPutsANewAppInAGroupWithTheDependencyPicked() throws Exception {
        var db = pacer.send("POST", "/v2/apps", "{\"id\":\"/store/db\",\"cmd\":\"sleep 1000\",\"instances\":0,\"cpus\":0.1,\"mem\":16}");
        assertThat(db.statusCode()).as(db.body()).isEqualTo(201);
        pacer.awaitDeployed("/store/db");
        ui.browser.get(pacer.uri.resolve("/#/new").toString());

        ui.await("the existing groups offered, with or without apps", () -> ui.attributes("datalist option", "value")
                .containsAll(List.of("/store", "/later")));
        WebElement group = ui.control("group");
        ui.type(group, "/store");
        WebElement id = ui.control("/id");
        assertThat(id.getAttribute("value")).as("the group's part of the id").isEqualTo("/store/");
        id.sendKeys("cache");
        ui.type(ui.control("/cmd"), "sleep 1000");
        ui.type(ui.control("/instances"), "0");
        ui.await("/store/db among the dependencies", () -> !ui.browser.findElements(
                By.cssSelector("[data-path='/dependencies'] option[value='/store/db']")).isEmpty());
        new Select(ui.control("/dependencies")).selectByValue("/store/db");
        ui.assertEveryControlLabelled();
        ui.browser.findElement(By.id("submit-app")).click();

        ui.await("the new app's page", () -> ui.browser.getCurrentUrl().endsWith("#/apps/store/cache"));
        JsonNode app = pacer.get("/v2/apps/store/cache").get("app");
        assertThat(app.get("dependencies").toString()).isEqualTo("[\"/store/db\"]");
        ui.browser.get(pacer.uri.resolve("/#/groups/store").toString());
        ui.await("its edge in /store's graph", () -> edges().equals(List.of("/store/cache <- /store/db")));
    }

    /** /shop: db, web (needs db) and the group backend with api (needs db, relative to its group). */
    private static ObjectNode shop() {
        ObjectNode shop = PacerProcess.JSON.createObjectNode().put("id", "/shop");
        // db serves 5 s after it starts: a scale's deployment then stays on db's step for a while
        ObjectNode db = HttpServerApp.of("/shop/db", 1, "db", "/", 1, 0).put("cmd", "sleep 5; exec python3 -m http.server $PORT0");
        shop.putArray("apps").add(db).add(HttpServerApp.of("/shop/web", 1, "web", "/", 1, 0).set("dependencies",
                PacerProcess.JSON.createArrayNode().add("/shop/db")));
        ObjectNode backend = shop.putArray("groups").addObject().put("id", "/shop/backend");
        backend.putArray("apps").add(HttpServerApp.of("/shop/backend/api", 1, "api", "/", 1, 0).set("dependencies",
                PacerProcess.JSON.createArrayNode().add("../db")));
        return shop;
    }

    private void scaleBy(String factor) throws Exception {
        ui.type(ui.element(By.cssSelector("form.inline input[type=number]")), factor);
        ui.element(By.id("scale-group-button")).click();
        ui.confirm();
    }

    private List<Integer> instances() throws Exception {
        List<Integer> counts = new java.util.ArrayList<>();
        for (String app : SHOP_APPS) {
            counts.add(pacer.get("/v2/apps" + app).get("app").get("instances").asInt());
        }
        return counts;
    }

    /** The list's rows in order: a group's id for its header, an app's id for its row. */
    private List<String> rows() {
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) ui.js(
                "return [...document.querySelectorAll('tbody tr')].map(r => r.dataset.groupId || r.dataset.appId)");
        return ids;
    }

    private Map<String, String> groupCounts(String groupId) {
        WebElement row = ui.browser.findElement(By.cssSelector("tr[data-group-id='" + groupId + "']"));
        return Map.of("apps", row.getAttribute("data-apps"), "running", row.getAttribute("data-running"),
                "healthy", row.getAttribute("data-healthy"), "unhealthy", row.getAttribute("data-unhealthy"),
                "staged", row.getAttribute("data-staged"));
    }

    private double indent(String appId) {
        return ((Number) ui.js("return parseFloat(getComputedStyle(document.querySelector(\"tr[data-app-id='\" + arguments[0]"
                + " + \"'] th\")).paddingLeft)",
                appId)).doubleValue();
    }

    /** The graph's edges as "dependent <- dependency". */
    @SuppressWarnings("unchecked")
    private List<String> edges() {
        return (List<String>) ui.js("return [...document.querySelectorAll('svg.dependency-graph path.edge')]"
                + ".map(e => e.dataset.dependent + ' <- ' + e.dataset.dependency)");
    }
}
