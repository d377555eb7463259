package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade on the real pacer.jar and its embedded cluster, with an HTTP health check and upgradeStrategy
 * minimumHealthCapacity 0.5 / maximumOverCapacity 0.25 on 4 instances: sampled every 100 ms through the API from
 * the PUT to the end of the deployment, never fewer than ceil(0.5 × 4) = 2 healthy tasks and never more than
 * floor(1.25 × 4) = 5 running ones (docs/deployments.md); the same with the default strategy (1 / 1: never fewer
 * than 4 healthy, never more than 8 running), across a kill -9 of Pacer, and rolled back.
 */
class DeploymentIT {
    private static final String APP = "/deploy/web";
    private static final int MIN_HEALTHY = 2;
    private static final int MAX_RUNNING = 5;

    @TempDir
    Path dir;

    @Test
    void anUpgradeOfFourWithHalfHealthAndAQuarterOverNeverCrossesEitherBound() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags()); EventStreamClient events = EventStreamClient.open(pacer)) {
            assertThat(pacer.send("POST", "/v2/apps", app("v1").toString()).statusCode()).isEqualTo(201);
            Set<String> old = PacerProcess.taskIds(pacer.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120)));
            pacer.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentIT");

            TaskCountSampler sampler = TaskCountSampler.start(pacer, APP);
            long started = System.nanoTime();
            HttpResponse<String> put = pacer.send("PUT", "/v2/apps" + APP, app("v2").toString());
            assertThat(put.statusCode()).isEqualTo(200);
            String deployment = PacerProcess.JSON.readTree(put.body()).get("deploymentId").asText();
            JsonNode listed = pacer.get("/v2/deployments");
            assertThat(listed.findValuesAsText("id")).contains(deployment);
            assertThat(pacer.get("/v2/apps" + APP).get("app").get("deployments").findValuesAsText("id")).containsExactly(deployment);

            JsonNode after = pacer.awaitTasks(APP, replaced(old), Duration.ofSeconds(180));
            pacer.awaitNoDeployment(Duration.ofSeconds(60), "DeploymentIT");
            sampler.close();
            System.out.printf("DeploymentIT upgrade: %d ms, %d samples, max running %d, min healthy %d%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), sampler.samples(), sampler.maxRunning(), sampler.minHealthy());

            assertThat(PacerProcess.taskIds(after)).as("every task replaced").doesNotContainAnyElementsOf(old);
            assertThat(sampler.samples()).as("sampled through the upgrade").isGreaterThan(10);
            assertThat(sampler.minHealthy()).as("healthy ≥ ceil(0.5 × 4); samples: " + sampler.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(sampler.maxRunning()).as("running ≤ floor(1.25 × 4); samples: " + sampler.trace()).isLessThanOrEqualTo(MAX_RUNNING);
            assertThat(sampler.maxRunning()).as("the upgrade did go over 4: " + sampler.trace()).isGreaterThan(4);
            events.await(e -> e.get("eventType").asText().equals("deployment_info")
                    && e.get("plan").get("id").asText().equals(deployment), Duration.ofSeconds(5));
            JsonNode success = events.await(e -> e.get("eventType").asText().equals("deployment_success")
                    && e.get("id").asText().equals(deployment), Duration.ofSeconds(5));
            assertThat(success.get("plan").get("steps").get(0).get("actions").get(0).get("action").asText()).isEqualTo("RestartApplication");
        }
    }

    @Test
    void anUpgradeWithTheDefaultStrategyNeverHasFewerHealthyThanInstancesNorMoreThanTwiceAsManyRunning() throws Exception {
        ObjectNode v1 = app("v1");
        v1.remove("upgradeStrategy"); // minimumHealthCapacity 1, maximumOverCapacity 1
        ObjectNode v2 = v1.deepCopy();
        ((ObjectNode) v2.get("env")).put("MARK", "v2");
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags())) {
            assertThat(pacer.send("POST", "/v2/apps", v1.toString()).statusCode()).isEqualTo(201);
            Set<String> old = PacerProcess.taskIds(pacer.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120)));
            pacer.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentIT");
            JsonNode strategy = pacer.get("/v2/apps" + APP).get("app").get("upgradeStrategy");
            assertThat(strategy.get("minimumHealthCapacity").asDouble()).isEqualTo(1.0);
            assertThat(strategy.get("maximumOverCapacity").asDouble()).isEqualTo(1.0);

            TaskCountSampler sampler = TaskCountSampler.start(pacer, APP);
            long started = System.nanoTime();
            assertThat(pacer.send("PUT", "/v2/apps" + APP, v2.toString()).statusCode()).isEqualTo(200);
            JsonNode after = pacer.awaitTasks(APP, replaced(old), Duration.ofSeconds(180));
            pacer.awaitNoDeployment(Duration.ofSeconds(60), "DeploymentIT");
            sampler.close();
            System.out.printf("DeploymentIT default strategy: %d ms, %d samples, max running %d, min healthy %d%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), sampler.samples(), sampler.maxRunning(), sampler.minHealthy());

            assertThat(PacerProcess.taskIds(after)).as("every task replaced").doesNotContainAnyElementsOf(old);
            assertThat(sampler.minHealthy()).as("healthy ≥ ceil(1 × 4); samples: " + sampler.trace()).isGreaterThanOrEqualTo(4);
            assertThat(sampler.maxRunning()).as("running ≤ floor(2 × 4); samples: " + sampler.trace()).isLessThanOrEqualTo(8);
            assertThat(sampler.maxRunning()).as("new tasks started before old ones went: " + sampler.trace()).isGreaterThan(4);
        }
    }

    @Test
    void aPacerKilledMidUpgradeResumesTheStoredDeploymentWithinTheBounds() throws Exception {
        Path workDir = dir.resolve("pacer");
        String port = LocalPorts.apiPort(); // the same API port after the restart
        String[] agent = LocalPorts.agentFlags(); // the same agent after the restart
        Set<String> old;
        String deployment;
        TaskCountSampler before;
        try (PacerProcess first = PacerProcess.start(workDir, "--http-port", port, agent[0], agent[1])) {
            first.send("POST", "/v2/apps", app("v1").toString());
            old = PacerProcess.taskIds(first.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120)));
            first.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentIT");
            before = TaskCountSampler.start(first, APP);
            deployment = PacerProcess.JSON.readTree(first.send("PUT", "/v2/apps" + APP, app("v2").toString()).body())
                    .get("deploymentId").asText();
            // mid-way: some old tasks gone or going, not all replaced yet
            first.awaitTasks(APP, tasks -> {
                Set<String> now = PacerProcess.taskIds(tasks);
                long oldLeft = now.stream().filter(old::contains).count();
                return oldLeft > 0 && oldLeft < 4;
            }, Duration.ofSeconds(60));
            before.close();
            first.crash();
        }
        try (PacerProcess second = PacerProcess.start(workDir, "--http-port", port, agent[0], agent[1])) {
            TaskCountSampler after = TaskCountSampler.start(second, APP);
            assertThat(second.get("/v2/deployments").findValuesAsText("id")).as("the stored deployment").contains(deployment);
            JsonNode done = second.awaitTasks(APP, replaced(old), Duration.ofSeconds(180));
            second.awaitNoDeployment(Duration.ofSeconds(60), "DeploymentIT");
            after.close();
            System.out.printf("DeploymentIT resume: before crash max running %d, min healthy %d; after restart %d samples, max running %d, min healthy %d%n",
                    before.maxRunning(), before.minHealthy(), after.samples(), after.maxRunning(), after.minHealthy());

            assertThat(PacerProcess.taskIds(done)).as("every old task replaced after the restart").doesNotContainAnyElementsOf(old);
            assertThat(before.minHealthy()).as("before the crash: " + before.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(before.maxRunning()).as("before the crash: " + before.trace()).isLessThanOrEqualTo(MAX_RUNNING);
            assertThat(after.minHealthy()).as("after the restart: " + after.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(after.maxRunning()).as("after the restart: " + after.trace()).isLessThanOrEqualTo(MAX_RUNNING);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aNeverHealthyUpgradeRolledBackReturnsToThePreviousDefinitionAndCount() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags())) {
            pacer.send("POST", "/v2/apps", app("v1").toString());
            pacer.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120));
            pacer.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentIT");
            TaskCountSampler sampler = TaskCountSampler.start(pacer, APP);
            ObjectNode broken = app("v2");
            ((ObjectNode) broken.get("healthChecks").get(0)).put("path", "/never-there").put("gracePeriodSeconds", 1);
            String upgrade = PacerProcess.JSON.readTree(pacer.send("PUT", "/v2/apps" + APP, broken.toString()).body())
                    .get("deploymentId").asText();
            pacer.awaitTasks(APP, tasks -> tasks.size() == 5, Duration.ofSeconds(60)); // the new task is there, never healthy

            HttpResponse<String> rollback = pacer.send("DELETE", "/v2/deployments/" + upgrade, null);

            assertThat(rollback.statusCode()).isEqualTo(200);
            JsonNode app = pacer.get("/v2/apps" + APP).get("app");
            assertThat(app.get("env").get("MARK").asText()).isEqualTo("v1");
            assertThat(app.get("instances").asInt()).isEqualTo(4);
            JsonNode after = pacer.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120));
            pacer.awaitNoDeployment(Duration.ofSeconds(60), "DeploymentIT");
            sampler.close();
            assertThat(after).hasSize(4);
            assertThat(sampler.minHealthy()).as("healthy ≥ 2 throughout: " + sampler.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(sampler.maxRunning()).as("running ≤ 5 throughout: " + sampler.trace()).isLessThanOrEqualTo(MAX_RUNNING);
        }
    }

    /** Four instances checked on "/", with 0.5 / 0.25; {@code mark} makes a new configuration. */
    private static ObjectNode app(String mark) {
        ObjectNode app = HttpServerApp.of(APP, 4, mark, "/", 15, 3);
        app.putObject("upgradeStrategy").put("minimumHealthCapacity", 0.5).put("maximumOverCapacity", 0.25);
        return app;
    }

    /** Four healthy tasks, none of them one of {@code old}: right after the PUT, the old four are healthy too. */
    private static java.util.function.Predicate<JsonNode> replaced(Set<String> old) {
        return tasks -> PacerProcess.healthy(4).test(tasks) && PacerProcess.taskIds(tasks).stream().noneMatch(old::contains);
    }
}
