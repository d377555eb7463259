package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several pacer.jar processes with --zk against the standalone local cluster (docs/ha.md): failover that kills
 * nothing, abdication that loses no acknowledged write, ZooKeeper members and the whole ensemble going away.
 */
class HighAvailabilityIT {
    private static final Duration FAILOVER = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void theLeaderKilledMidDeploymentIsReplacedWithoutKillingOrDuplicatingATask() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"));
             PacerGroup pacers = PacerGroup.start("ha-failover", dir, 3, cluster.masterUrl(), "zk://" + zk.getConnectString() + "/pacer")) {
            PacerProcess leader = pacers.awaitLeader(FAILOVER);
            PacerProcess standby = pacers.standbys(leader).get(0);
            // written through a standby: it relays to the leader
            assertThat(standby.send("POST", "/v2/apps", app("/ha/steady", "exec sleep 2401", 2)).statusCode()).isEqualTo(201);
            assertThat(standby.send("POST", "/v2/apps", rolling("/ha/rolling", "touch ready && exec sleep 2402")).statusCode()).isEqualTo(201);
            Set<String> steady = PacerProcess.taskIds(standby.awaitTasks("/ha/steady", PacerProcess.running(2), FAILOVER));
            standby.awaitTasks("/ha/rolling", PacerProcess.running(3), FAILOVER);
            standby.awaitNoDeployment(FAILOVER, "ha-before");

            List<Long> samples = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    samples.add(processes("sleep 2402") + processes("sleep 2403"));
                    sleep(100);
                }
            });
            sampler.start();
            try {
                HttpResponse<String> change = standby.send("PUT", "/v2/apps/ha/rolling",
                        "{\"cmd\": \"sleep 2 && touch ready && exec sleep 2403\"}");
                assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
                Poll.until(FAILOVER, () -> "the first new task", () -> processes("sleep 2403") >= 1 ? Optional.of(true) : Optional.empty());
                leader.crash();

                PacerProcess next = pacers.awaitLeader(FAILOVER);
                assertThat(next).isNotSameAs(leader);
                next.awaitNoDeployment(FAILOVER, "ha-after");
                JsonNode rolled = next.awaitTasks("/ha/rolling", tasks -> tasks.size() == 3 && processes("sleep 2403") == 3, FAILOVER);
                assertThat(rolled).hasSize(3);
                assertThat(next.get("/v2/apps/ha/rolling").get("app").get("cmd").asText()).as("the acknowledged change")
                        .contains("2403");
                assertThat(PacerProcess.taskIds(next.tasks("/ha/steady"))).as("the steady app's tasks, never replaced")
                        .isEqualTo(steady);
                assertThat(processes("sleep 2401")).isEqualTo(2);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            assertThat(samples).as("at most 3 processes of the rolling app at every sample (maximumOverCapacity 0)")
                    .isNotEmpty().allMatch(n -> n <= 3);
            assertThat(processes("sleep 2402") + processes("sleep 2403")).isEqualTo(3);
        }
    }

    @Test
    void abdicationUnderAStreamOfWritesLosesNoAcknowledgedWrite() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"));
             PacerGroup pacers = PacerGroup.start("ha-abdication", dir, 3, cluster.masterUrl(), "zk://" + zk.getConnectString() + "/pacer")) {
            PacerProcess leader = pacers.awaitLeader(FAILOVER);
            PacerProcess writer = pacers.standbys(leader).get(0);
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            List<Integer> refusals = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writes = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    String id = "/ha/write-" + i;
                    try {
                        HttpResponse<String> answer = writer.send("POST", "/v2/apps", app(id, "exec sleep 2404", 0));
                        if (answer.statusCode() == 201) {
                            acknowledged.add(id);
                        } else {
                            refusals.add(answer.statusCode());
                        }
                    } catch (Exception e) {
                        refusals.add(-1);
                    }
                }
            });
            writes.start();
            try {
                Poll.until(Duration.ofSeconds(30), () -> "writes before the abdication", () -> acknowledged.size() >= 20
                        ? Optional.of(true) : Optional.empty());
                HttpResponse<String> abdication = writer.send("DELETE", "/v2/leader", null);
                assertThat(abdication.statusCode()).as(abdication.body()).isEqualTo(200);
                assertThat(abdication.body()).contains("Leadership abdicated");
                Poll.until(FAILOVER, () -> "another leader: " + pacers.leaderViews(), () -> PacerGroup.leaderOf(writer)
                        .filter(l -> !l.equals(leader.hostPort())) .map(l -> true));
                int before = acknowledged.size();
                Poll.until(FAILOVER, () -> "writes acknowledged by the new leader", () -> acknowledged.size() >= before + 20
                        ? Optional.of(true) : Optional.empty());
            } finally {
                writing.set(false);
                writes.join();
            }
            PacerProcess next = pacers.awaitLeader(FAILOVER);
            assertThat(next).isNotSameAs(leader);
            Set<String> stored = Set.copyOf(PacerProcess.ids(next.get("/v2/apps").get("apps")));
            assertThat(stored).as("every acknowledged write is there; refused meanwhile: " + refusals).containsAll(acknowledged);
            assertThat(refusals).as("a refusal is a 5xx the client can retry, never a 4xx").allMatch(s -> s == -1 || s >= 500);
        }
    }

    @Test
    void zooKeeperMembersGoingAwayNeitherKillTasksNorLoseLeadershipForGood() throws Exception {
        try (TestingCluster zk = new TestingCluster(3)) {
            zk.start();
            try (LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"));
                 PacerGroup pacers = PacerGroup.start("ha-zookeeper", dir, 2, cluster.masterUrl(), "zk://" + zk.getConnectString() + "/pacer")) {
                PacerProcess leader = pacers.awaitLeader(FAILOVER);
                assertThat(leader.send("POST", "/v2/apps", app("/ha/survivor", "exec sleep 2405", 2)).statusCode()).isEqualTo(201);
                Set<String> tasks = PacerProcess.taskIds(leader.awaitTasks("/ha/survivor", PacerProcess.running(2), FAILOVER));

                List<InstanceSpec> members = new ArrayList<>(zk.getInstances());
                zk.killServer(members.get(0));
                // a quorum is left: the leader writes on (a moment's 503 while its connection moves to another member)
                Poll.until(FAILOVER, () -> "a write after losing one member", () -> leader.send("POST", "/v2/apps",
                        app("/ha/after-one-member", "exec sleep 2406", 0)).statusCode() / 100 == 2 ? Optional.of(true) : Optional.empty());
                assertThat(pacers.awaitLeader(FAILOVER)).as("the same leader").isSameAs(leader);

                zk.killServer(members.get(1));
                zk.killServer(members.get(2));
                Poll.until(Duration.ofSeconds(60), () -> "the leader stepping down without ZooKeeper:\n" + pacers.tails(),
                        () -> Files.readString(leader.workDir().resolve("pacer.log")).contains("Stopped acting as the leader")
                                ? Optional.of(true) : Optional.empty());
                Thread.sleep(10_000); // ZooKeeper away 20 s in all: about 10 s until the leader stepped down, 10 s more
                assertThat(processes("sleep 2405")).as("no task killed while no Pacer leads").isEqualTo(2);
                for (InstanceSpec member : members) {
                    zk.restartServer(member);
                }
                PacerProcess back = pacers.awaitLeader(FAILOVER);
                assertThat(back.send("POST", "/v2/apps", app("/ha/after-the-ensemble", "exec sleep 2407", 0)).statusCode())
                        .as("leadership is back: writes are acknowledged").isEqualTo(201);
                assertThat(PacerProcess.taskIds(back.awaitTasks("/ha/survivor", PacerProcess.running(2), FAILOVER)))
                        .as("the same tasks, reconciled, not replaced").isEqualTo(tasks);
                assertThat(processes("sleep 2405")).isEqualTo(2);
            }
        }
    }

    @Test
    void aLeaderPartitionedFromZooKeeperStopsActingBeforeAnotherStarts() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             PartitionableProxy path = new PartitionableProxy("127.0.0.1", zk.getPort());
             LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"));
             PacerGroup cut = PacerGroup.start("ha-partitioned", dir.resolve("cut"), 1, cluster.masterUrl(), "zk://" + path.address() + "/pacer")) {
            PacerProcess leader = cut.awaitLeader(FAILOVER);
            try (PacerGroup others = PacerGroup.start("ha-partition-others", dir.resolve("others"), 1, cluster.masterUrl(),
                    "zk://" + zk.getConnectString() + "/pacer")) {
                PacerProcess other = others.all().get(0);
                assertThat(PacerGroup.leaderOf(other)).contains(leader.hostPort());
                assertThat(leader.send("POST", "/v2/apps", app("/ha/partition", "exec sleep 2408", 1)).statusCode()).isEqualTo(201);
                Set<String> tasks = PacerProcess.taskIds(leader.awaitTasks("/ha/partition", PacerProcess.running(1), FAILOVER));

                path.partition();
                PacerProcess next = others.awaitLeader(FAILOVER);
                assertThat(next).isSameAs(other);
                assertThat(PacerProcess.taskIds(other.awaitTasks("/ha/partition", PacerProcess.running(1), FAILOVER))).isEqualTo(tasks);

                // the master saw the cut-off leader's subscription end before the new one's began: never two at once
                cluster.awaitOutput("re-subscribed (failed over)", FAILOVER);
                String master = Files.readString(dir.resolve("cluster").resolve("local-cluster.log"));
                int disconnected = master.lastIndexOf("disconnected; removing it unless it re-subscribes");
                int failedOver = master.lastIndexOf("re-subscribed (failed over)");
                assertThat(disconnected).as("the old leader let go of the master:\n" + master).isPositive();
                assertThat(failedOver).as("the new leader subscribed:\n" + master).isPositive();
                assertThat(disconnected).as("in that order:\n" + master).isLessThan(failedOver);
                assertThat(Files.readString(leader.workDir().resolve("pacer.log"))).contains("stepping down before the session could expire");

                path.heal();
                Poll.until(FAILOVER, () -> "the healed Pacer standing by: " + cut.leaderViews(),
                        () -> PacerGroup.leaderOf(leader).filter(l -> l.equals(other.hostPort())));
                assertThat(processes("sleep 2408")).as("no task killed").isEqualTo(1);
            }
        }
    }

    private static String app(String id, String cmd, int instances) {
        return "{\"id\": \"" + id + "\", \"cmd\": \"" + cmd + "\", \"cpus\": 0.05, \"mem\": 16, \"instances\": " + instances + "}";
    }

    /** Replaced one task at a time, each new one healthy only after its command touched a file, so that it takes a while. */
    private static String rolling(String id, String cmd) {
        return "{\"id\": \"" + id + "\", \"cmd\": \"" + cmd + "\", \"cpus\": 0.05, \"mem\": 16, \"instances\": 3,"
                + " \"upgradeStrategy\": {\"minimumHealthCapacity\": 0.5, \"maximumOverCapacity\": 0},"
                + " \"healthChecks\": [{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"test -f ready\"},"
                + " \"gracePeriodSeconds\": 30, \"intervalSeconds\": 1, \"maxConsecutiveFailures\": 60}]}";
    }

    private static long processes(String commandLine) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(commandLine)).count();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
