package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service discovery end to end: pacer.jar with {@code --discovery} on its embedded cluster, the real HAProxy it runs,
 * real DNS queries ({@code dig}), and the endpoints file. An app of 3 instances takes continuous load through HAProxy
 * while it is scaled 3 → 6 → 2, a second app is added (a new frontend: a seamless reload), the app is restarted and
 * one instance's health fails: no request fails, and none reaches a task once it has been told to stop. DNS and the
 * endpoints file follow the changes.
 */
class DiscoveryIT {
    private static final Duration LAUNCH = Duration.ofSeconds(60);
    /**
     * Requests HAProxy routed before it heard of a kill (event → watcher → runtime API: up to ~370 ms seen on a busy
     * 2-core machine, up to 1.6 s with four test suites sharing its two cores) may still arrive; none may arrive once
     * the drain delay has passed and Mesos's KILL was sent. The drain delay is this long too.
     */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(2);
    private static final int LOAD_THREADS = 4;

    /**
     * An HTTP server on $PORT0 that answers its task id; /health fails once /fail was asked. It logs every request's
     * arrival (epoch ms) and its SIGTERM to requests/TASK.log, and keeps serving 2 s after SIGTERM so that a request
     * sent to it late would be seen rather than refused.
     */
    private static final String BACKEND = """
            import os, signal, sys, threading, time
            from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
            task = os.environ['MESOS_TASK_ID']
            log = open(os.path.join(sys.argv[1], task + '.log'), 'a', buffering=1)
            failing = threading.Event()
            lock = threading.Lock()
            def note(line):
                with lock:
                    log.write('%d %s\\n' % (int(time.time() * 1000), line))
            class Handler(BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.1'
                def do_GET(self):
                    if self.path == '/fail':
                        failing.set()
                    if self.path == '/health':
                        code = 500 if failing.is_set() else 200
                    else:
                        code = 200
                        note('GET ' + self.path)
                    body = task.encode()
                    self.send_response(code)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            server = ThreadingHTTPServer(('', int(os.environ['PORT0'])), Handler)
            server.daemon_threads = True
            def stop(*args):
                note('SIGTERM')
                threading.Thread(target=lambda: (time.sleep(2), server.shutdown())).start()
            signal.signal(signal.SIGTERM, stop)
            server.serve_forever()
            """;

    @TempDir
    Path dir;

    @Test
    void loadThroughHaproxyLosesNothingWhileTheAppScalesRestartsAndLosesAnInstance() throws Exception {
        RequiredTool.require("/usr/sbin/haproxy", "haproxy");
        RequiredTool.require("/usr/bin/dig", "dnsutils");
        Path requests = Files.createDirectories(dir.resolve("requests"));
        Path backend = dir.resolve("backend.py");
        Files.writeString(backend, BACKEND);
        Path endpoints = dir.resolve("endpoints");
        String appId = "/disc/web";
        PacerProcess started = null;
        String[] ownPorts = LocalPorts.agentFlags();
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--discovery", "--discovery-haproxy-bind", "127.0.0.1",
                "--discovery-dns-host", "127.0.0.1", "--discovery-dns-port", "0",
                "--discovery-endpoints-dir", endpoints.toString(), "--discovery-endpoints-per-app", "--kill-drain-delay", IN_FLIGHT.toMillis() + "ms",
                ownPorts[0], ownPorts[1]);
             EventStreamClient events = EventStreamClient.open(pacer)) {
            started = pacer;
            int dnsPort = announcedDnsPort(pacer);
            post(pacer, app(appId, 3, backend, requests));
            pacer.awaitTasks(appId, PacerProcess.healthy(3), LAUNCH);
            int servicePort = pacer.get("/v2/apps" + appId).get("app").get("portDefinitions").get(0).get("port").asInt();
            URI front = URI.create("http://127.0.0.1:" + servicePort + "/");
            Poll.until(Duration.ofSeconds(10), () -> "HAProxy to serve " + front, () -> HttpProbe.answers(front));
            awaitDns(dnsPort, "web.disc.pacer.", "A", 1); // the one agent's address
            awaitDns(dnsPort, "_http._tcp.web.disc.pacer.", "SRV", 3);

            int reloadsBefore = haproxyReloads(pacer);
            EndpointsFileReader file = new EndpointsFileReader(endpoints.resolve("apps").resolve("disc_web.json"));
            HttpLoad load = new HttpLoad(front, LOAD_THREADS);
            try (file; load) {
                scaleTo(pacer, appId, 6);
                pacer.awaitTasks(appId, PacerProcess.healthy(6), LAUNCH);
                Duration dns6 = awaitDns(dnsPort, "_http._tcp.web.disc.pacer.", "SRV", 6);

                post(pacer, app("/disc/other", 1, backend, requests)); // a new frontend: HAProxy reloads under load

                scaleTo(pacer, appId, 2);
                pacer.awaitTasks(appId, PacerProcess.healthy(2), LAUNCH);
                Duration dns2 = awaitDns(dnsPort, "_http._tcp.web.disc.pacer.", "SRV", 2);
                assertThat(List.of(dns6, dns2)).as("DNS follows a scale change within 2 s of the API").allMatch(d -> d.toMillis() <= 2000);

                Set<String> beforeRestart = PacerProcess.taskIds(pacer.tasks(appId));
                pacer.awaitDeployed(appId);
                assertThat(pacer.send("POST", "/v2/apps" + appId + "/restart", null).statusCode()).isEqualTo(200);
                pacer.awaitTasks(appId, tasks -> PacerProcess.healthy(2).test(tasks) && PacerProcess.taskIds(tasks).stream().noneMatch(beforeRestart::contains),
                        LAUNCH);

                JsonNode victim = pacer.tasks(appId).get(0);
                String victimId = victim.get("id").asText();
                HttpProbe.status(URI.create("http://127.0.0.1:" + victim.get("ports").get(0).asInt() + "/fail"));
                events.await(EventStreamClient.taskStatus(victimId, "TASK_KILLED"), LAUNCH);
                Thread.sleep(2500); // the last killed tasks' 2 s of serving after SIGTERM: late requests would show
            }
            pacer.awaitTasks(appId, tasks -> PacerProcess.healthy(2).test(tasks), LAUNCH);
            awaitDns(dnsPort, "_http._tcp.web.disc.pacer.", "SRV", 2);

            System.out.printf("DiscoveryIT: %d requests through HAProxy, %d failed%n", load.total(), load.failures().size());
            assertThat(load.total()).as("the load ran").isGreaterThan(1000);
            assertThat(load.failures()).as("failed requests of " + load.total()).isEmpty();
            assertNoRequestAfterStop(events.all(), requests);
            assertThat(haproxyReloads(pacer) - reloadsBefore).as("reloads under load: for the new app's frontend only").isEqualTo(1);

            assertThat(file.torn()).as("endpoints file reads that were not whole JSON, of " + file.reads()).isZero();
            assertThat(file.counts()).as("endpoint counts the file showed").contains(3, 6, 2);
            JsonNode all = Poll.until(Duration.ofSeconds(2), () -> "endpoints.json to show 2 endpoints of " + appId, () -> {
                JsonNode read = PacerProcess.JSON.readTree(endpoints.resolve("endpoints.json").toFile());
                return read.get("apps").get(appId).get("endpoints").size() == 2 ? Optional.of(read) : Optional.empty();
            });
            assertThat(all.get("live").asBoolean()).isTrue();
            assertThat(all.get("apps").get(appId).get("servicePorts").get(0).get("port").asInt()).isEqualTo(servicePort);

            assertThat(dig(dnsPort, "nothing.disc.pacer.", "A", false)).as("unknown name").contains("status: NXDOMAIN");
            assertThat(dig(dnsPort, "_http._tcp.web.disc.pacer.", "SRV", true)).as("over TCP").contains("status: NOERROR")
                    .contains("ANSWER: 2");
        } finally {
            if (started != null) {
                started.keepLog("DiscoveryIT");
            }
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /** Every request a task logged came before its kill was announced (allowing what HAProxy had in flight) and before SIGTERM. */
    private static void assertNoRequestAfterStop(List<JsonNode> events, Path requests) throws IOException {
        Map<String, Long> told = new HashMap<>();
        for (JsonNode e : events) {
            String type = e.get("eventType").asText();
            boolean killing = type.equals("instance_changed_event") && e.get("condition").asText().equals("Killing");
            if (killing || type.equals("failed_health_check_event")) {
                told.putIfAbsent(killing ? e.get("instanceId").asText() : e.get("taskId").asText(),
                        Instant.parse(e.get("timestamp").asText()).toEpochMilli());
            }
        }
        List<String> late = new ArrayList<>();
        long inFlight = 0;
        long latest = 0;
        int stopped = 0;
        try (Stream<Path> logs = Files.list(requests)) {
            for (Path log : logs.toList()) {
                String task = log.getFileName().toString().replaceFirst("\\.log$", "");
                long sigterm = Long.MAX_VALUE;
                Long toldAt = told.get(task);
                for (String line : Files.readAllLines(log)) {
                    long at = Long.parseLong(line.substring(0, line.indexOf(' ')));
                    if (line.endsWith("SIGTERM")) {
                        sigterm = at;
                        stopped++;
                    } else if (at >= sigterm || toldAt != null && at > toldAt + IN_FLIGHT.toMillis()) {
                        late.add(task + ": " + line + " (told at " + toldAt + ", SIGTERM at " + sigterm + ")");
                    } else if (toldAt != null && at > toldAt) {
                        inFlight++;
                        latest = Math.max(latest, at - toldAt);
                    }
                }
            }
        }
        System.out.printf("DiscoveryIT: %d tasks stopped; %d requests arrived within %d ms after their task's kill was announced"
                + " (routed before HAProxy heard; the latest %d ms after), %d later%n", stopped, inFlight, IN_FLIGHT.toMillis(), latest,
                late.size());
        assertThat(stopped).as("tasks that got SIGTERM (scale-down 4, restart 2, health kill 1)").isGreaterThanOrEqualTo(7);
        assertThat(late).as("requests that reached a task after it was told to stop").isEmpty();
    }

    private static int haproxyReloads(PacerProcess pacer) throws IOException {
        try (Stream<String> lines = Files.lines(pacer.workDir().resolve("pacer.log"))) {
            return (int) lines.filter(l -> l.contains("HAProxy reloaded seamlessly")).count();
        }
    }

    private static ObjectNode app(String id, int instances, Path backend, Path requests) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", id).put("cpus", 0.1).put("mem", 64).put("instances", instances)
                .put("cmd", "exec python3 " + backend + " " + requests).put("taskKillGracePeriodSeconds", 5);
        app.putObject("labels").put("HAPROXY_MODE", "http");
        app.putArray("portDefinitions").addObject().put("port", 0).put("name", "http");
        app.putArray("healthChecks").addObject().put("protocol", "HTTP").put("path", "/health").put("portIndex", 0)
                .put("intervalSeconds", 1).put("timeoutSeconds", 1).put("maxConsecutiveFailures", 3).put("gracePeriodSeconds", 10);
        return app;
    }

    private static void post(PacerProcess pacer, ObjectNode app) throws Exception {
        HttpResponse<String> response = pacer.send("POST", "/v2/apps", app.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void scaleTo(PacerProcess pacer, String appId, int instances) throws Exception {
        pacer.awaitDeployed(appId);
        HttpResponse<String> response = pacer.send("PUT", "/v2/apps" + appId, "{\"instances\": " + instances + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Polls DNS until the name has {@code count} records of the type; answers how long that took. */
    private static Duration awaitDns(int port, String name, String type, int count) throws Exception {
        long start = System.nanoTime();
        Poll.until(Duration.ofSeconds(10), () -> name + " " + type + " to have " + count + " records; last answer:\n" + dig(port, name, type, false),
                () -> dig(port, name, type, false).contains("ANSWER: " + count + ",") ? Optional.of(true) : Optional.empty());
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String dig(int port, String name, String type, boolean tcp) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+time=2", "+tries=1", name, type));
        if (tcp) {
            command.add("+tcp");
        }
        Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dig.waitFor();
        return out;
    }

    /** The port pacer.jar announced for DNS ({@code DNS 127.0.0.1:PORT for pacer.}). */
    private static int announcedDnsPort(PacerProcess pacer) throws Exception {
        java.util.regex.Pattern announced = java.util.regex.Pattern.compile("DNS\\s+127\\.0\\.0\\.1:(\\d+) for pacer\\.");
        return Poll.until(Duration.ofSeconds(10), () -> "the DNS port in pacer.jar's output", () -> {
            try (Stream<String> lines = Files.lines(pacer.workDir().resolve("pacer.log"))) {
                return lines.map(announced::matcher).filter(java.util.regex.Matcher::find).map(m -> Integer.parseInt(m.group(1))).findFirst();
            }
        });
    }

    /** Reads the endpoints file over and over, as an app would: counts reads that are not whole JSON, and the endpoint counts seen. */
    private static final class EndpointsFileReader implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong torn = new AtomicLong();
        private final Set<Integer> counts = ConcurrentHashMap.newKeySet();
        private final Thread thread;

        EndpointsFileReader(Path file) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        byte[] bytes = Files.readAllBytes(file);
                        reads.incrementAndGet();
                        try {
                            counts.add(PacerProcess.JSON.readTree(bytes).get("app").get("endpoints").size());
                        } catch (IOException | RuntimeException e) {
                            torn.incrementAndGet();
                        }
                        Thread.sleep(2);
                    } catch (IOException e) {
                        // not there yet
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "endpoints-reader");
            thread.start();
        }

        long reads() {
            return reads.get();
        }

        long torn() {
            return torn.get();
        }

        Set<Integer> counts() {
            return counts;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
