package io.pacer.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.test.TestingServer;

/**
 * Issue 24's failover figure: three pacer.jar with --zk (one ZooKeeper server, the standalone local cluster), a
 * 2-instance app running; each run kills the leader and times until a write through a standby is acknowledged by
 * the new leader, then checks that no task was replaced and starts the killed Pacer again. Side by side: the leader
 * killed (kill -9: its port refuses connections, DeadLeaderWatch acts) and the leader frozen (SIGSTOP: its port still
 * accepts, only ZooKeeper's session expiry ends its leadership, as for Marathon). The clock starts at the kill and
 * stops at the first write a new leader acknowledges, sent through the standby as soon as it names another leader
 * (polled every 200 ms, a local answer). Not a test: run by
 * scripts/bench-failover [KILLS [FREEZES]] (default 20 and 5).
 */
public final class FailoverBenchmark {
    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int freezes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("pacer-failover-bench");
        try (TestingServer zk = new TestingServer(true);
             LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"));
             PacerGroup pacers = PacerGroup.start("FailoverBenchmark", dir, 3, cluster.masterUrl(), "zk://" + zk.getConnectString() + "/pacer")) {
            PacerProcess leader = pacers.awaitLeader(Duration.ofSeconds(60));
            leader.send("POST", "/v2/apps", "{\"id\": \"/bench/steady\", \"cmd\": \"exec sleep 2501\", \"cpus\": 0.05, \"mem\": 16, \"instances\": 2}");
            Set<String> tasks = PacerProcess.taskIds(leader.awaitTasks("/bench/steady", PacerProcess.running(2), Duration.ofSeconds(60)));
            List<Long> killed = new ArrayList<>();
            List<Long> frozen = new ArrayList<>();
            for (int run = 0; run < kills + freezes; run++) {
                boolean freeze = run >= kills;
                leader = pacers.awaitLeader(Duration.ofSeconds(60));
                PacerProcess writer = pacers.standbys(leader).get(0);
                long start = System.nanoTime();
                if (freeze) {
                    leader.freeze();
                } else {
                    leader.crash();
                }
                int id = run;
                String old = leader.hostPort();
                // a write is sent once the standby names another leader: one relayed to a frozen leader would wait out
                // the relay's 10 s timeout, which times the request, not the failover
                Poll.until(Duration.ofSeconds(120), () -> "a write acknowledged after the failover", () -> {
                    if (PacerGroup.leaderOf(writer).filter(l -> !l.equals(old)).isEmpty()) {
                        return Optional.empty();
                    }
                    HttpResponse<String> answer = writer.send("POST", "/v2/apps",
                            "{\"id\": \"/bench/write-" + id + "\", \"cmd\": \"sleep 1\", \"instances\": 0}");
                    return answer.statusCode() / 100 == 2 ? Optional.of(true) : Optional.empty();
                });
                long ms = (System.nanoTime() - start) / 1_000_000;
                (freeze ? frozen : killed).add(ms);
                Set<String> now = PacerProcess.taskIds(writer.tasks("/bench/steady"));
                System.out.printf("run %d (%s): new leader acknowledged a write %d ms after; tasks %s%n", run + 1,
                        freeze ? "leader frozen, SIGSTOP" : "leader killed, kill -9", ms, now.equals(tasks) ? "unchanged" : "CHANGED: " + now);
                if (freeze) {
                    leader.crash();
                }
                pacers.restart(leader);
            }
            System.out.println("failover, leader killed (kill -9): " + summary(killed));
            System.out.println("failover, leader frozen (SIGSTOP, session expiry only): " + summary(frozen));
        } finally {
            TempFolders.delete(dir);
        }
        System.exit(0);
    }

    private static String summary(List<Long> ms) {
        if (ms.isEmpty()) {
            return "no run";
        }
        List<Long> sorted = ms.stream().sorted().toList();
        return String.format("%d runs, p50 %d ms, p99 %d ms, max %d ms", sorted.size(), percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    }
}
