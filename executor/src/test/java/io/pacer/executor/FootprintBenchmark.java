package io.pacer.executor;

import static io.pacer.executor.driver.DriverFixture.acknowledged;
import static io.pacer.executor.driver.DriverFixture.launch;
import static io.pacer.executor.driver.DriverFixture.subscribed;

import io.pacer.executor.driver.DriverFixture;
import io.pacer.executor.driver.MinimalAgent;
import io.pacer.executor.health.LocalHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The footprint numbers in docs/executor.md, in one run (not part of the test suite; run by hand, see there):
 * the shaded jar with the lean flags against a minimal agent: start to SUBSCRIBE, VmRSS/PSS idle with one
 * health-checked task and with 100, the executor's CPU for 1,000 HTTP checks a second, and the same
 * number of checks done by running curl once per check, as Mesos does.
 */
public final class FootprintBenchmark {
    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path sandbox = Files.createTempDirectory("pacer-footprint");
        try (MinimalAgent agent = new MinimalAgent(); LocalHttpServer app = LocalHttpServer.http()) {
            ProcessBuilder builder = LeanExecutorJar.builder(jar, sandbox, Map.of("PATH", "/usr/bin:/bin", "MESOS_FRAMEWORK_ID",
                    "framework-1", "MESOS_EXECUTOR_ID", "executor-1", "MESOS_AGENT_ENDPOINT", agent.uri().getAuthority(),
                    "MESOS_SANDBOX", sandbox.toString(), "MESOS_CHECKPOINT", "0", "PACER_EXECUTOR_IDLE_TIMEOUT", "1secs"),
                    List.of(args).subList(1, args.length)); // e.g. -Xshare:off, to compare without class data sharing
            long started = System.nanoTime();
            Process executor = builder.start();
            if (agent.subscribes.poll(30, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no SUBSCRIBE; see " + sandbox.resolve("executor.log"));
            }
            System.out.printf("start to SUBSCRIBE: %d ms (class data archive %s)%n", Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    Files.readString(Path.of("/proc", String.valueOf(executor.pid()), "maps")).contains(ClassDataArchive.FILE_NAME)
                            ? "mapped" : "not used");
            Thread acker = new Thread(() -> acknowledgeAll(agent), "acker");
            acker.setDaemon(true);
            acker.start();
            agent.send(subscribed(false));

            agent.send(launch(checkedTask("t0", app.port(), 1.0)));
            Thread.sleep(15_000);
            System.out.printf("one task, idle: %s%n", memory(executor.pid()));

            for (int i = 1; i < 100; i++) {
                agent.send(launch(checkedTask("t" + i, app.port(), 1.0)));
            }
            Thread.sleep(15_000);
            System.out.printf("100 tasks, 100 checks/s: %s%n", memory(executor.pid()));

            for (int i = 0; i < 100; i++) {
                agent.send(launch(checkedTask("fast" + i, app.port(), 0.1)));
            }
            Thread.sleep(10_000);
            int requestsBefore = app.requests.get();
            long cpuBefore = cpuTicks(executor.pid());
            long windowStart = System.nanoTime();
            Thread.sleep(20_000);
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            double checksPerSecond = (app.requests.get() - requestsBefore) / seconds;
            double cpuSeconds = (cpuTicks(executor.pid()) - cpuBefore) / 100.0;
            System.out.printf("200 tasks, %.0f checks/s: executor CPU %.1f%% of one core; %s%n", checksPerSecond,
                    100 * cpuSeconds / seconds, memory(executor.pid()));

            Process curl = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%R %U %S'; time (for i in $(seq 1000); do curl -s -o /dev/null "
                    + "http://127.0.0.1:" + app.port() + "/; done)").redirectErrorStream(true).start();
            String[] times = new String(curl.getInputStream().readAllBytes()).trim().split("\\s+");
            curl.waitFor();
            System.out.printf("curl x1000: %s s wall, %.2f s CPU (user+sys)%n", times[0],
                    Double.parseDouble(times[1]) + Double.parseDouble(times[2]));

            agent.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
            System.out.printf("executor exited: %s%n", executor.waitFor(30, TimeUnit.SECONDS) ? executor.exitValue() : "no");
            executor.destroyForcibly();
        }
        LeanExecutorJar.deleteSandbox(sandbox);
    }

    private static Protos.TaskInfo checkedTask(String id, int port, double interval) {
        Protos.HealthCheck check = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.HTTP)
                .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(port).setPath("/"))
                .setDelaySeconds(0).setIntervalSeconds(interval).setGracePeriodSeconds(0).build();
        return DriverFixture.task(id, "{\"cmd\": \"exec sleep 600\"}").toBuilder().setHealthCheck(check).build();
    }

    private static void acknowledgeAll(MinimalAgent agent) {
        try {
            while (true) {
                Call update = agent.updates.take();
                agent.send(acknowledged(update.getUpdate().getStatus()));
            }
        } catch (Exception e) {
            // the benchmark is over
        }
    }

    private static String memory(long pid) throws Exception {
        String rss = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        String pss = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup")).stream()
                .filter(l -> l.startsWith("Pss:")).findFirst().orElse("Pss: ?").replaceAll("\\s+", " ");
        return rss + ", " + pss;
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
    }
}
