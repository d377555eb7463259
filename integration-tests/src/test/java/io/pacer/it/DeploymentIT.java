package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade on the real pacer.jar and its embedded cluster, with an HTTP health check and upgradeStrategy
 * minimumHealthCapacity 0.5 / maximumOverCapacity 0.25 on 4 instances: sampled every 100 ms through the API from
 * the PUT to the end of the deployment, never fewer than ceil(0.5 × 4) = 2 healthy tasks and never more than
 * floor(1.25 × 4) = 5 running ones (docs/deployments.md).
 */
class DeploymentIT {
    private static final String APP = "/deploy/web";
    private static final int MIN_HEALTHY = 2;
    private static final int MAX_RUNNING = 5;

    @TempDir
    Path dir;

    @Test
    void anUpgradeOfFourWithHalfHealthAndAQuarterOverNeverCrossesEitherBound() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            assertThat(pacer.send("POST", "/v2/apps", app("v1").toString()).statusCode()).isEqualTo(201);
            Set<String> old = ids(pacer.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120)));
            awaitNoDeployment(pacer, Duration.ofSeconds(30));

            Sampler sampler = new Sampler(pacer);
            sampler.start();
            long started = System.nanoTime();
            HttpResponse<String> put = pacer.send("PUT", "/v2/apps" + APP, app("v2").toString());
            assertThat(put.statusCode()).isEqualTo(200);
            String deployment = PacerProcess.JSON.readTree(put.body()).get("deploymentId").asText();
            JsonNode listed = pacer.get("/v2/deployments");
            assertThat(listed.findValuesAsText("id")).contains(deployment);
            assertThat(pacer.get("/v2/apps" + APP).get("app").get("deployments").findValuesAsText("id")).containsExactly(deployment);

            JsonNode after = pacer.awaitTasks(APP, replaced(old), Duration.ofSeconds(180));
            awaitNoDeployment(pacer, Duration.ofSeconds(60));
            sampler.stop();
            System.out.printf("DeploymentIT upgrade: %d ms, %d samples, max running %d, min healthy %d%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), sampler.samples(), sampler.maxRunning(), sampler.minHealthy());

            assertThat(ids(after)).as("every task replaced").doesNotContainAnyElementsOf(old);
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
    void aPacerKilledMidUpgradeResumesTheStoredDeploymentWithinTheBounds() throws Exception {
        Path workDir = dir.resolve("pacer");
        // the same API port after the restart: the executor's URL is part of its ExecutorInfo, and a Pacer on
        // another port would offer new tasks to the running executor with an ExecutorInfo Mesos refuses
        String port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = Integer.toString(free.getLocalPort());
        }
        Set<String> old;
        String deployment;
        Sampler before;
        try (PacerProcess first = PacerProcess.start(workDir, "--http-port", port)) {
            first.send("POST", "/v2/apps", app("v1").toString());
            old = ids(first.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120)));
            awaitNoDeployment(first, Duration.ofSeconds(30));
            before = new Sampler(first);
            before.start();
            deployment = PacerProcess.JSON.readTree(first.send("PUT", "/v2/apps" + APP, app("v2").toString()).body())
                    .get("deploymentId").asText();
            // mid-way: some old tasks gone or going, not all replaced yet
            first.awaitTasks(APP, tasks -> {
                Set<String> now = ids(tasks);
                long oldLeft = now.stream().filter(old::contains).count();
                return oldLeft > 0 && oldLeft < 4;
            }, Duration.ofSeconds(60));
            before.stop();
            first.crash();
        }
        try (PacerProcess second = PacerProcess.start(workDir, "--http-port", port)) {
            Sampler after = new Sampler(second);
            after.start();
            assertThat(second.get("/v2/deployments").findValuesAsText("id")).as("the stored deployment").contains(deployment);
            JsonNode done = second.awaitTasks(APP, replaced(old), Duration.ofSeconds(180));
            awaitNoDeployment(second, Duration.ofSeconds(60));
            after.stop();
            System.out.printf("DeploymentIT resume: before crash max running %d, min healthy %d; after restart %d samples, max running %d, min healthy %d%n",
                    before.maxRunning(), before.minHealthy(), after.samples(), after.maxRunning(), after.minHealthy());

            assertThat(ids(done)).as("every old task replaced after the restart").doesNotContainAnyElementsOf(old);
            assertThat(before.minHealthy()).as("before the crash: " + before.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(before.maxRunning()).as("before the crash: " + before.trace()).isLessThanOrEqualTo(MAX_RUNNING);
            assertThat(after.minHealthy()).as("after the restart: " + after.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(after.maxRunning()).as("after the restart: " + after.trace()).isLessThanOrEqualTo(MAX_RUNNING);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aNeverHealthyUpgradeRolledBackReturnsToThePreviousDefinitionAndCount() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            pacer.send("POST", "/v2/apps", app("v1").toString());
            pacer.awaitTasks(APP, PacerProcess.healthy(4), Duration.ofSeconds(120));
            awaitNoDeployment(pacer, Duration.ofSeconds(30));
            Sampler sampler = new Sampler(pacer);
            sampler.start();
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
            awaitNoDeployment(pacer, Duration.ofSeconds(60));
            sampler.stop();
            assertThat(after).hasSize(4);
            assertThat(sampler.minHealthy()).as("healthy ≥ 2 throughout: " + sampler.trace()).isGreaterThanOrEqualTo(MIN_HEALTHY);
            assertThat(sampler.maxRunning()).as("running ≤ 5 throughout: " + sampler.trace()).isLessThanOrEqualTo(MAX_RUNNING);
        }
    }

    /** The app serving HTTP on its port, checked on "/"; {@code mark} makes a new configuration. */
    private static ObjectNode app(String mark) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", APP).put("cpus", 0.1).put("mem", 64).put("instances", 4)
                .put("cmd", "exec python3 -m http.server $PORT0");
        app.putObject("env").put("MARK", mark);
        app.putArray("portDefinitions").addObject().put("port", 0).put("name", "http");
        app.putArray("healthChecks").addObject().put("protocol", "HTTP").put("path", "/").put("portIndex", 0)
                .put("intervalSeconds", 1).put("timeoutSeconds", 1).put("maxConsecutiveFailures", 3).put("gracePeriodSeconds", 15);
        app.putObject("upgradeStrategy").put("minimumHealthCapacity", 0.5).put("maximumOverCapacity", 0.25);
        return app;
    }

    private static void awaitNoDeployment(PacerProcess pacer, Duration within) throws Exception {
        pacer.awaitNoDeployment(within, "DeploymentIT");
    }

    /** Four healthy tasks, none of them one of {@code old}: right after the PUT, the old four are healthy too. */
    private static java.util.function.Predicate<JsonNode> replaced(Set<String> old) {
        return tasks -> PacerProcess.healthy(4).test(tasks) && ids(tasks).stream().noneMatch(old::contains);
    }

    private static Set<String> ids(JsonNode tasks) {
        Set<String> ids = new HashSet<>();
        tasks.forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    /** Counts the app's running and healthy tasks every 100 ms, as a user of the API sees them. */
    private static final class Sampler {
        private final PacerProcess pacer;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<int[]> counts = java.util.Collections.synchronizedList(new ArrayList<>());
        private Thread thread;

        Sampler(PacerProcess pacer) {
            this.pacer = pacer;
        }

        void start() {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        int running = 0;
                        int healthy = 0;
                        for (JsonNode t : pacer.tasks(APP)) {
                            if (t.get("state").asText().equals("TASK_RUNNING")) {
                                running++;
                                JsonNode results = t.get("healthCheckResults");
                                healthy += results.size() > 0 && results.get(0).get("alive").asBoolean() ? 1 : 0;
                            }
                        }
                        counts.add(new int[] {running, healthy});
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        counts.add(new int[] {-1, -1});
                    }
                }
            }, "sampler");
            thread.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(5000);
        }

        int samples() {
            return counts.size();
        }

        int maxRunning() {
            synchronized (counts) {
                return counts.stream().mapToInt(c -> c[0]).max().orElse(0);
            }
        }

        int minHealthy() {
            synchronized (counts) {
                return counts.stream().mapToInt(c -> c[1]).min().orElse(0);
            }
        }

        String trace() {
            synchronized (counts) {
                StringBuilder s = new StringBuilder();
                counts.forEach(c -> s.append(c[0]).append('/').append(c[1]).append(' '));
                return s.toString();
            }
        }
    }
}
