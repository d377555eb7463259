package io.pacer.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 22's zero-downtime scenario: pacer.jar with {@code --discovery} (its HAProxy only) on its embedded cluster;
 * an app of {@link #INSTANCES} Python HTTP servers behind HAProxy (HTTP mode), with an HTTP health check and the
 * default upgrade strategy; {@link #LOAD_THREADS} threads sending GET / through HAProxy in a loop (the discovery
 * test's load loop) from before the PUT of a new version until after its deployment is gone. Each request takes
 * 300 ms of the server's time, so that a server always has requests in flight, and the servers do nothing
 * special on SIGTERM (Python's default: the process ends at once, cutting what it was serving): only Pacer's drain
 * delay stands between a kill and the requests HAProxy still routes ({@code --kill-drain-delay 0ms} makes requests
 * fail). Used by ZeroDowntimeIT and ZeroDowntimeBenchmark.
 */
final class RollingUpgradeUnderLoad {
    static final String APP = "/zero/web";
    static final int INSTANCES = 10;
    static final int LOAD_THREADS = 32;
    private static final Duration LAUNCH = Duration.ofSeconds(240);
    /** Answers $MARK on any path after 300 ms of "work" (a slow request of a real app); /health at once. */
    private static final String BACKEND = """
            import os, time
            from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
            mark = os.environ['MARK'].encode()
            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path != '/health':
                        time.sleep(0.3)
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(mark)))
                    self.end_headers()
                    self.wfile.write(mark)
                def log_message(self, *args):
                    pass
            ThreadingHTTPServer(('', int(os.environ['PORT0'])), Handler).serve_forever()
            """;

    /** What one run measured; {@code upgrade} is from the PUT to the deployment's removal (every old task ended). */
    record Result(long requests, List<String> failures, Duration upgrade, Map<String, Long> answers, int samples, int maxRunning,
                  int minHealthy, HaproxyStats haproxy) {
        String summary() {
            return String.format("rolling upgrade of %d instances behind HAProxy: %d requests, %d failed, upgrade %d ms;"
                            + " answers by version %s; %d samples: max running %d, min healthy %d; %s", INSTANCES, requests, failures.size(),
                    upgrade.toMillis(), answers, samples, maxRunning, minHealthy, haproxy);
        }
    }

    private RollingUpgradeUnderLoad() {
    }

    /**
     * One run in a fresh Pacer work dir under {@code dir}, pacer.jar given {@code extraArgs} too (e.g. another
     * {@code --kill-drain-delay}); Pacer (and with it HAProxy and the tasks) stopped at the end.
     */
    static Result run(Path dir, String testName, String... extraArgs) throws Exception {
        RequiredTool.require("/usr/sbin/haproxy", "haproxy");
        int servicePort = LocalPorts.servicePort();
        Path backend = Files.writeString(Files.createDirectories(dir).resolve("backend.py"), BACKEND);
        PacerProcess started = null;
        List<String> args = new java.util.ArrayList<>(List.of("--discovery", "--discovery-outputs", "haproxy",
                "--discovery-haproxy-bind", "127.0.0.1"));
        args.addAll(List.of(LocalPorts.agentFlags()));
        args.addAll(List.of(extraArgs));
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), args.toArray(String[]::new))) {
            started = pacer;
            send(pacer, "POST", "/v2/apps", app("v1", servicePort, backend), 201);
            Set<String> old = PacerProcess.taskIds(pacer.awaitTasks(APP, PacerProcess.healthy(INSTANCES), LAUNCH));
            pacer.awaitNoDeployment(Duration.ofSeconds(60), testName);
            URI front = URI.create("http://127.0.0.1:" + servicePort + "/");
            Poll.until(Duration.ofSeconds(30), () -> "HAProxy to serve " + front, () -> HttpProbe.answers(front));

            HttpLoad load = new HttpLoad(front, LOAD_THREADS);
            TaskCountSampler sampler = TaskCountSampler.start(pacer, APP);
            Duration upgrade;
            try (load; sampler) {
                Thread.sleep(2000); // the load runs steadily before the change
                long put = System.nanoTime();
                send(pacer, "PUT", "/v2/apps" + APP, app("v2", servicePort, backend), 200);
                pacer.awaitTasks(APP, tasks -> PacerProcess.healthy(INSTANCES).test(tasks)
                        && PacerProcess.taskIds(tasks).stream().noneMatch(old::contains), LAUNCH);
                pacer.awaitNoDeployment(LAUNCH, testName);
                upgrade = Duration.ofNanos(System.nanoTime() - put);
                Thread.sleep(2000); // and after it, so that a late failure would be counted
            }
            return new Result(load.total(), List.copyOf(load.failures()), upgrade, load.answersByBody(), sampler.samples(),
                    sampler.maxRunning(), sampler.minHealthy(), HaproxyStats.of(pacer.workDir(), APP.substring(1).replace('/', '_')));
        } finally {
            if (started != null) {
                started.keepLog(testName);
            }
        }
    }

    /** The backend answering {@code mark}, in HAProxy's HTTP mode on {@code servicePort}. */
    private static ObjectNode app(String mark, int servicePort, Path backend) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", APP).put("cpus", 0.1).put("mem", 64).put("instances", INSTANCES)
                .put("cmd", "exec python3 " + backend);
        app.putObject("env").put("MARK", mark);
        app.putObject("labels").put("HAPROXY_MODE", "http");
        app.putArray("portDefinitions").addObject().put("port", servicePort).put("name", "http");
        app.putArray("healthChecks").addObject().put("protocol", "HTTP").put("path", "/health").put("portIndex", 0)
                .put("intervalSeconds", 1).put("timeoutSeconds", 2).put("maxConsecutiveFailures", 3).put("gracePeriodSeconds", 30);
        return app;
    }

    private static void send(PacerProcess pacer, String method, String path, ObjectNode body, int expected) throws Exception {
        HttpResponse<String> response = pacer.send(method, path, body.toString());
        if (response.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
