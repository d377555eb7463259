package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group deployments in dependency order on the real pacer.jar and its embedded cluster, with {@link ShopGroup}
 * (db ← api ← web, two instances each, COMMAND health checks): POST /v2/groups launches each level only once the
 * level before is healthy, as one deployment of three steps; scaleBy 2 doubles every app in the same order; DELETE
 * stops them in reverse order; and a Pacer killed with -9 while level 2 waits for level 1 resumes the stored
 * deployment after its restart, in order. A change of the group while its deployment waits is refused (409) unless
 * forced; the forced one replaces the deployment and deploys in order. A new group's deployment rolled back
 * (DELETE /v2/deployments/{id}) leaves neither the group nor its apps.
 */
class GroupDeploymentIT {
    private static final Duration LAUNCH = Duration.ofSeconds(120);
    private static final Duration DEPLOY = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void threeLevelsStartInDependencyOrderScaleByTwoInOrderAndStopInReverseOrder() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            String deployment = PacerProcess.deploymentId(pacer.send("POST", "/v2/groups", ShopGroup.json().toString()), 201);
            // a level takes seconds (executor start, then a check every second): the deployment is still listed
            JsonNode listed = pacer.deployment(deployment).orElseThrow(() -> new AssertionError("not in /v2/deployments"));
            assertThat(listed.get("totalSteps").asInt()).as("one step per dependency level: " + listed).isEqualTo(3);
            assertThat(listed.get("steps")).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(listed.get("steps").get(i).get("actions").findValuesAsText("app")).as("step " + (i + 1) + " of " + listed)
                        .containsExactlyInAnyOrderElementsOf(ShopGroup.LEVELS.levels().get(i));
            }
            assertThat(listed.get("affectedApps")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(ShopGroup.LEVELS.apps());
            pacer.awaitNoDeployment(DEPLOY, "GroupDeploymentIT");
            Set<String> first = awaitHealthy(pacer, ShopGroup.INSTANCES);

            List<Duration> gaps = ShopGroup.LEVELS.assertLaunchedInOrder(pacer);
            assertThat(events.await(e -> e.get("eventType").asText().equals("group_change_success"), Duration.ofSeconds(5))
                    .get("groupId").asText()).isEqualTo(ShopGroup.ID);
            for (String type : List.of("deployment_info", "deployment_step_success")) {
                assertThat(events.all().stream().filter(e -> e.get("eventType").asText().equals(type)
                        && e.get("plan").get("id").asText().equals(deployment))).as("a " + type + " per level").hasSize(3);
            }
            events.await(e -> e.get("eventType").asText().equals("deployment_success") && e.get("id").asText().equals(deployment),
                    Duration.ofSeconds(5));

            JsonNode shown = pacer.get("/v2/groups/shop/data?embed=group.apps&embed=group.apps.tasks&embed=group.apps.counts");
            assertThat(shown.get("apps").get(0).get("tasks")).as("embed group.apps.tasks: " + shown).hasSize(ShopGroup.INSTANCES);
            assertThat(shown.get("apps").get(0).get("tasksHealthy").asInt()).as("embed group.apps.counts").isEqualTo(ShopGroup.INSTANCES);

            PacerProcess.deploymentId(pacer.send("PUT", "/v2/groups" + ShopGroup.ID, "{\"scaleBy\": 2}"), 200);
            pacer.awaitNoDeployment(DEPLOY, "GroupDeploymentIT");
            Set<String> all = awaitHealthy(pacer, 2 * ShopGroup.INSTANCES);
            assertThat(all).containsAll(first);
            for (String app : ShopGroup.LEVELS.apps()) {
                assertThat(pacer.get("/v2/apps" + app).get("app").get("instances").asInt()).isEqualTo(2 * ShopGroup.INSTANCES);
            }
            List<Duration> scaleGaps = ShopGroup.LEVELS.assertLaunchedInOrder(pacer, task -> !first.contains(task.get("id").asText()));

            HttpResponse<String> delete = pacer.send("DELETE", "/v2/groups" + ShopGroup.ID, null);
            PacerProcess.deploymentId(delete, 200);
            assertThat(PacerProcess.JSON.readTree(delete.body()).has("version")).isTrue();
            Poll.until(DEPLOY, () -> "TASK_KILLED of all of " + all + "; Pacer's log:\n" + pacer.tail(),
                    () -> events.taskIds("TASK_KILLED", all).size() == all.size() ? Optional.of(true) : Optional.empty());
            pacer.awaitNoDeployment(DEPLOY, "GroupDeploymentIT");
            ShopGroup.LEVELS.assertKilledInReverseOrder(events.all(), all);
            assertThat(pacer.send("GET", "/v2/groups" + ShopGroup.ID, null).statusCode()).isEqualTo(404);
            assertThat(pacer.get("/v2/apps?id=" + ShopGroup.ID).get("apps")).isEmpty();
            System.out.printf("GroupDeploymentIT: last healthy → next level's first launch, start %s, scaleBy %s%n", gaps, scaleGaps);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aPacerKilledWhileLevelTwoWaitsResumesTheGroupDeploymentInOrder() throws Exception {
        Path workDir = dir.resolve("pacer");
        String port = LocalPorts.apiPort(); // the same API port and agent after the restart
        String[] agent = LocalPorts.agentFlags();
        String deployment;
        Set<String> dbTasks;
        try (PacerProcess first = PacerProcess.start(workDir, "--http-port", port, agent[0], agent[1])) {
            deployment = PacerProcess.deploymentId(first.send("POST", "/v2/groups", ShopGroup.withDbHeldUnhealthy().toString()), 201);
            // db runs and fails its check (no file): level 2 has what it needs to start but its dependency
            dbTasks = PacerProcess.taskIds(first.awaitTasks(ShopGroup.DB, ShopGroup::heldUnhealthy, LAUNCH));
            assertThat(first.tasks(ShopGroup.API)).as("api waits for db to be healthy").isEmpty();
            assertThat(first.tasks(ShopGroup.WEB)).isEmpty();
            assertThat(first.deployment(deployment).orElseThrow().get("currentStep").asInt()).isEqualTo(1);
            first.crash();
        }
        try (PacerProcess second = PacerProcess.start(workDir, "--http-port", port, agent[0], agent[1]);
             EventStreamClient events = EventStreamClient.open(second)) {
            assertThat(second.deployment(deployment)).as("the stored deployment, resumed").isPresent();
            assertThat(PacerProcess.taskIds(second.awaitTasks(ShopGroup.DB, PacerProcess.running(ShopGroup.INSTANCES), LAUNCH)))
                    .as("db's tasks reconciled, not replaced").isEqualTo(dbTasks);
            assertThat(second.tasks(ShopGroup.API)).as("api still waits for db after the restart").isEmpty();

            for (String task : dbTasks) {
                ShopGroup.makeHealthy(second, task);
            }
            events.await(e -> e.get("eventType").asText().equals("deployment_success") && e.get("id").asText().equals(deployment), DEPLOY);
            second.awaitNoDeployment(Duration.ofSeconds(30), "GroupDeploymentIT");
            awaitHealthy(second, ShopGroup.INSTANCES);
            List<Duration> gaps = ShopGroup.LEVELS.assertLaunchedInOrder(second);
            System.out.printf("GroupDeploymentIT after kill -9: last healthy → next level's first launch %s%n", gaps);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aChangeOfAGroupWhileItsDeploymentWaitsIs409UnlessForcedAndTheForcedOneDeploysInOrder() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            String held = PacerProcess.deploymentId(pacer.send("POST", "/v2/groups", ShopGroup.withDbHeldUnhealthy().toString()), 201);
            pacer.awaitTasks(ShopGroup.DB, ShopGroup::heldUnhealthy, LAUNCH);
            String fixed = ShopGroup.json().toString(); // db's command makes its check pass: a new configuration of db

            HttpResponse<String> dryRun = pacer.send("PUT", "/v2/groups" + ShopGroup.ID + "?dryRun=true", fixed);
            assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
            assertThat(PacerProcess.JSON.readTree(dryRun.body()).get("steps").get(0).get("actions").get(0).toString())
                    .as("db, changed, is restarted first: " + dryRun.body()).contains("RestartApplication", ShopGroup.DB);
            HttpResponse<String> locked = pacer.send("PUT", "/v2/groups" + ShopGroup.ID, fixed);
            assertThat(locked.statusCode()).as("the held deployment locks the group: " + locked.body()).isEqualTo(409);
            assertThat(locked.body()).contains(held);
            assertThat(pacer.deployment(held)).as("a refused change leaves the running deployment").isPresent();

            String forced = PacerProcess.deploymentId(pacer.send("PUT", "/v2/groups" + ShopGroup.ID + "?force=true", fixed), 200);
            assertThat(pacer.deployment(held)).as("the forced change replaces the held deployment").isEmpty();
            pacer.awaitNoDeployment(DEPLOY, "GroupDeploymentIT");
            awaitHealthy(pacer, ShopGroup.INSTANCES);
            assertThat(forced).isNotEqualTo(held);
            ShopGroup.LEVELS.assertLaunchedInOrder(pacer);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aNewGroupWhoseDeploymentIsRolledBackIsGoneWithItsAppsAndTasks() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            JsonNode rootBefore = pacer.get("/v2/groups");
            String held = PacerProcess.deploymentId(pacer.send("POST", "/v2/groups", ShopGroup.withDbHeldUnhealthy().toString()), 201);
            Set<String> dbTasks = PacerProcess.taskIds(pacer.awaitTasks(ShopGroup.DB, ShopGroup::heldUnhealthy, LAUNCH));

            // Marathon rolls back to the root as it was before the change: where /shop did not exist
            PacerProcess.deploymentId(pacer.send("DELETE", "/v2/deployments/" + held, null), 200);
            Poll.until(DEPLOY, () -> "TASK_KILLED of " + dbTasks, () -> events.taskIds("TASK_KILLED", dbTasks).equals(dbTasks)
                    ? Optional.of(true) : Optional.empty());
            pacer.awaitNoDeployment(DEPLOY, "GroupDeploymentIT");
            for (String app : ShopGroup.LEVELS.apps()) {
                assertThat(pacer.send("GET", "/v2/apps" + app, null).statusCode()).as(app).isEqualTo(404);
            }
            HttpResponse<String> group = pacer.send("GET", "/v2/groups" + ShopGroup.ID, null);
            assertThat(group.statusCode()).as("the new group is gone too: " + group.body()).isEqualTo(404);
            assertThat(PacerProcess.ids(pacer.get("/v2/groups").get("groups"))).isEqualTo(PacerProcess.ids(rootBefore.get("groups")));
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }


    /** Every app of the shop with {@code instances} healthy tasks; their ids. */
    private static Set<String> awaitHealthy(PacerProcess pacer, int instances) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String app : ShopGroup.LEVELS.apps()) {
            ids.addAll(PacerProcess.taskIds(pacer.awaitTasks(app, PacerProcess.healthy(instances), LAUNCH)));
        }
        return ids;
    }
}
