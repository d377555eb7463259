package io.pacer.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Several pacer.jar processes sharing one ZooKeeper path (--zk) and one master: one leads, the others stand by. */
final class PacerGroup implements AutoCloseable {
    private final String label;
    private final List<PacerProcess> pacers;
    private final List<String> args;

    private PacerGroup(String label, List<PacerProcess> pacers, List<String> args) {
        this.label = label;
        this.pacers = pacers;
        this.args = args;
    }

    /** {@code label} names the logs kept in target/ after the test ({@code label}-0-pacer.log, ...). */
    static PacerGroup start(String label, Path dir, int count, String masterUrl, String zkUrl, String... extraArgs) throws Exception {
        List<PacerProcess> pacers = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--zk", zkUrl));
        args.addAll(List.of(extraArgs));
        try {
            for (int i = 0; i < count; i++) {
                pacers.add(PacerProcess.start(dir.resolve("pacer-" + i), args.toArray(String[]::new)));
            }
        } catch (Exception | AssertionError e) {
            for (PacerProcess p : pacers) {
                p.crash();
            }
            throw e;
        }
        return new PacerGroup(label, pacers, List.copyOf(args));
    }

    /** Starts a dead member again on its work dir (a new port), in its place. */
    PacerProcess restart(PacerProcess dead) throws Exception {
        int i = pacers.indexOf(dead);
        pacers.set(i, PacerProcess.start(dead.workDir(), args.toArray(String[]::new)));
        return pacers.get(i);
    }

    List<PacerProcess> all() {
        return pacers;
    }

    /** The Pacer that every live one names in /v2/leader, and that answers as the leader, once there is one. */
    PacerProcess awaitLeader(Duration within) throws Exception {
        return Poll.until(within, () -> "one leader named by every live Pacer: " + leaderViews(), () -> {
            List<PacerProcess> live = pacers.stream().filter(PacerProcess::isAlive).toList();
            Optional<String> first = leaderOf(live.get(0));
            if (first.isEmpty() || !live.stream().allMatch(p -> leaderOf(p).equals(first))) {
                return Optional.empty();
            }
            Optional<PacerProcess> leader = live.stream().filter(p -> p.hostPort().equals(first.get())).findFirst();
            // it leads once it answers the state's routes itself (a Pacer still taking over answers 503)
            return leader.filter(p -> status(p, "/v2/apps") == 200);
        });
    }

    List<PacerProcess> standbys(PacerProcess leader) {
        return pacers.stream().filter(p -> p != leader && p.isAlive()).toList();
    }

    String leaderViews() {
        StringBuilder views = new StringBuilder();
        for (PacerProcess p : pacers) {
            views.append(p.hostPort()).append(p.isAlive() ? " says " + leaderOf(p).orElse("(none)") : " is dead").append("; ");
        }
        return views.toString();
    }

    static Optional<String> leaderOf(PacerProcess pacer) {
        try {
            HttpResponse<String> answer = pacer.send("GET", "/v2/leader", null);
            return answer.statusCode() == 200 ? Optional.of(PacerProcess.JSON.readTree(answer.body()).get("leader").asText()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static int status(PacerProcess pacer, String path) {
        try {
            return pacer.send("GET", path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Each Pacer's log, for a failure's message. */
    String tails() throws Exception {
        StringBuilder all = new StringBuilder();
        for (PacerProcess p : pacers) {
            all.append("\n--- ").append(p.hostPort()).append(" ---\n").append(p.tail());
        }
        return all.toString();
    }

    @Override
    public void close() throws Exception {
        AssertionError failed = null;
        for (int i = 0; i < pacers.size(); i++) {
            try {
                pacers.get(i).close();
            } catch (AssertionError e) {
                failed = e;
            }
            pacers.get(i).keepLog(label + "-" + i);
        }
        if (failed != null) {
            throw failed;
        }
    }

    static JsonNode json(HttpResponse<String> answer) throws Exception {
        return PacerProcess.JSON.readTree(answer.body());
    }
}
