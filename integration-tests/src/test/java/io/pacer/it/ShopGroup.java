package io.pacer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The group the group tests deploy, {@code groups/shop.json}, in the shape of Marathon's own group JSON
 * (tests/system/groups/*.json): /shop/data/db ← /shop/backend/api ← /shop/frontend/web, two instances each.
 * The first link is a group-level dependency (/shop/backend depends on /shop/data), the second an app's relative
 * one (web's "../backend/api"); ids are absolute and relative. Every app's COMMAND health check passes once a
 * file {@code ready} is in the task's sandbox, which its command creates, so that a test can hold a level
 * unhealthy by leaving that out. The checks allow 3600 failures in a row (an hour): a COMMAND check is a Mesos
 * check, where {@code maxConsecutiveFailures: 0} means 1 as in Mesos (docs/health-checks.md), and a held task must
 * not be killed.
 */
final class ShopGroup {
    static final String ID = "/shop";
    static final String DB = "/shop/data/db";
    static final String API = "/shop/backend/api";
    static final String WEB = "/shop/frontend/web";
    /** The apps by dependency level, the ones depended on first. */
    static final DependencyLevels LEVELS = new DependencyLevels(List.of(List.of(DB), List.of(API), List.of(WEB)));
    static final int INSTANCES = 2;

    private ShopGroup() {
    }

    static ObjectNode json() throws IOException {
        try (InputStream in = ShopGroup.class.getResourceAsStream("/groups/shop.json")) {
            return (ObjectNode) PacerProcess.JSON.readTree(in);
        }
    }

    /** The same group whose db never turns healthy on its own: its tasks wait for {@link #makeHealthy}. */
    static ObjectNode withDbHeldUnhealthy() throws IOException {
        ObjectNode shop = json();
        ObjectNode db = (ObjectNode) app(shop, DB);
        db.put("cmd", db.get("cmd").asText().replace("touch ready; ", ""));
        return shop;
    }

    /** The app of the tree whose id ends as {@code appId} does (ids in the file may be relative). */
    static JsonNode app(JsonNode group, String appId) {
        String name = appId.substring(appId.lastIndexOf('/') + 1);
        for (JsonNode child : group.get("groups")) {
            for (JsonNode app : child.get("apps")) {
                if (app.get("id").asText().equals(appId) || app.get("id").asText().equals(name)) {
                    return app;
                }
            }
        }
        throw new IllegalArgumentException(appId + " is not in " + group);
    }

    /**
     * Both db tasks run and have failed their health check (none passed): held, with everything level 2 needs but
     * its dependency's health.
     */
    static boolean heldUnhealthy(JsonNode dbTasks) {
        if (!PacerProcess.running(INSTANCES).test(dbTasks)) {
            return false;
        }
        for (JsonNode t : dbTasks) {
            JsonNode results = t.get("healthCheckResults");
            if (results.isEmpty() || results.get(0).get("alive").asBoolean() || results.get(0).path("lastFailure").isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    /** Lets the task's health check pass: the file it tests for, in its sandbox. */
    static void makeHealthy(PacerProcess pacer, String taskId) throws Exception {
        Path stdout = Poll.until(Duration.ofSeconds(30), () -> "the sandbox of " + taskId,
                () -> pacer.sandboxFile("stdout", taskId));
        Files.writeString(stdout.resolveSibling("ready"), "");
    }
}
