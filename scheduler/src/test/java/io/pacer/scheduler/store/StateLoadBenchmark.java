package io.pacer.scheduler.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.utils.ZKPaths;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Issue 24's figure: how long a Pacer takes to load its state at election, with 10,000 apps (each with a version) and
 * 100,000 task records, written through the real repositories to a real ZooKeeper server (Curator's TestingServer, in
 * this JVM, on loopback) and, for reference, to the file store. Each run opens a fresh store and builds every
 * repository a Pacer reads at start (apps, groups, deployments, tasks); printed: the median of {@code RUNS} runs on
 * each store, and once, what reading the same znodes one round trip after another takes. Not a test: a measurement,
 * run by scripts/bench-state-load.
 */
public final class StateLoadBenchmark {
    private static final int APPS = 10_000;
    private static final int TASKS_PER_APP = 10;
    private static final double TARGET_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00.000Z");

    private StateLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("pacer-state-load-bench");
        try (LoopbackZooKeeper zooKeeper = new LoopbackZooKeeper(dir.resolve("zookeeper"))) {
            ZooKeeperSettings settings = ZooKeeperSettings.of(zooKeeper.connectString(), "/pacer/state");
            Path files = dir.resolve("state");
            try (ZooKeeperStore store = new ZooKeeperStore(settings)) {
                fill("ZooKeeper", store);
            }
            fill("file store", new DurableStore(files));
            System.out.printf("loading %,d apps and %,d tasks, %d runs each (server and Pacer on %d cores)%n", APPS, APPS * TASKS_PER_APP,
                    runs, Runtime.getRuntime().availableProcessors());
            double zooKeeperLoad = median(runs, "ZooKeeper", () -> new ZooKeeperStore(settings));
            double fileLoad = median(runs, "file store", () -> new DurableStore(files));
            double oneByOne = oneRoundTripAfterAnother(zooKeeper.connectString(), settings.root());
            System.out.printf("%nZooKeeper, reads in parallel: %.2f s (median; target <= %.0f s)  |  file store: %.2f s (median)"
                    + "  |  ZooKeeper, one read after another (znodes only, no parsing): %.2f s%n",
                    zooKeeperLoad, TARGET_SECONDS, fileLoad, oneByOne);
        } finally {
            deleteTree(dir);
        }
    }

    /** The state, through the repositories: apps one by one (AppRepository serialises its changes), tasks from 32 threads. */
    private static void fill(String name, StateStore store) throws Exception {
        long start = System.nanoTime();
        AppRepository apps = new AppRepository(store, AppRepository.DEFAULT_MAX_VERSIONS);
        List<AppDefinition> written = new ArrayList<>();
        for (int i = 0; i < APPS; i++) {
            written.add(apps.put(app(i)));
        }
        TaskRepository tasks = new TaskRepository(store);
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (AppDefinition app : written) {
                for (int t = 0; t < TASKS_PER_APP; t++) {
                    int index = t;
                    puts.add(threads.submit(() -> tasks.put(task(app, index))));
                }
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            threads.shutdownNow();
        }
        System.out.printf("%s: wrote %,d apps and %,d tasks in %.1f s%n", name, APPS, tasks.all().size(), seconds(start));
    }

    private static double median(int runs, String name, Supplier<StateStore> open) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            System.gc();
            long start = System.nanoTime();
            StateStore store = open.get();
            try {
                AppRepository apps = new AppRepository(store, AppRepository.DEFAULT_MAX_VERSIONS);
                GroupRepository groups = new GroupRepository(store, apps, AppRepository.DEFAULT_MAX_VERSIONS);
                new DeploymentRepository(store);
                TaskRepository tasks = new TaskRepository(store);
                double took = seconds(start);
                times.add(took);
                if (apps.all().size() != APPS || tasks.all().size() != APPS * TASKS_PER_APP || groups.root().transitiveApps().size() != APPS) {
                    throw new IllegalStateException(name + " loaded " + apps.all().size() + " apps and " + tasks.all().size() + " tasks");
                }
                System.out.printf("%s, run %d: %.2f s%n", name, run, took);
            } finally {
                if (store instanceof ZooKeeperStore zk) {
                    zk.close();
                }
            }
        }
        times.sort(Comparator.naturalOrder());
        return times.get(times.size() / 2);
    }

    /** The reference: every value under apps/ and tasks/ read with a plain client, each read waiting for the one before. */
    private static double oneRoundTripAfterAnother(String connectString, String root) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(connectString, new RetryOneTime(100))) {
            client.start();
            client.blockUntilConnected();
            long start = System.nanoTime();
            int values = readOneByOne(client, ZKPaths.makePath(root, "apps")) + readOneByOne(client, ZKPaths.makePath(root, "tasks"));
            double took = seconds(start);
            System.out.printf("ZooKeeper, one read after another: %,d values in %.2f s%n", values, took);
            return took;
        }
    }

    private static int readOneByOne(CuratorFramework client, String path) throws Exception {
        int values = 0;
        for (String child : client.getChildren().forPath(path)) {
            String childPath = ZKPaths.makePath(path, child);
            values += client.getData().forPath(childPath).length > 0 ? 1 : readOneByOne(client, childPath);
        }
        return values;
    }

    /** An app as teams write them: a command, resources, environment, labels, an artifact, a port, a health check. */
    private static AppDefinition app(int i) {
        String team = "team-%02d".formatted(i % 100);
        String service = "svc-%05d".formatted(i);
        String json = """
                {"id": "/prod/%1$s/%2$s", "cmd": "exec ./bin/server --port $PORT0 --threads 8 --config conf/prod.yaml",
                 "cpus": 0.5, "mem": 512, "disk": 0, "instances": %3$d,
                 "env": {"JAVA_OPTS": "-Xmx384m -XX:+UseG1GC", "LOG_LEVEL": "info",
                         "DB_URL": "postgres://db.internal:5432/%2$s", "CACHE_URL": "redis://cache.internal:6379/0"},
                 "labels": {"team": "%1$s", "tier": "backend", "HAPROXY_GROUP": "external", "owner": "%1$s@example.com"},
                 "fetch": [{"uri": "https://artifacts.example.com/%2$s/%2$s-1.4.2.tgz", "extract": true}],
                 "portDefinitions": [{"port": 0, "protocol": "tcp", "name": "http"}],
                 "healthChecks": [{"protocol": "MESOS_HTTP", "path": "/health", "portIndex": 0, "intervalSeconds": 10,
                                   "timeoutSeconds": 5, "gracePeriodSeconds": 60, "maxConsecutiveFailures": 3}],
                 "constraints": [["hostname", "UNIQUE"]],
                 "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2}}
                """.formatted(team, service, TASKS_PER_APP);
        try {
            return AppJsonReader.read(JSON.readTree(json), Optional.empty(), T0.plusMillis(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running, healthy task, as the scheduler records it after its updates. */
    private static TaskRecord task(AppDefinition app, int index) {
        String id = String.join("_", app.id().segments()) + "." + UUID.randomUUID();
        return TaskRecord.intent(id, app.id(), app.version(), "pacer." + id, "agent-" + (index % 50), "agent-" + (index % 50) + ".example.com",
                        List.of(31000 + index), T0)
                .withExecutorEndpoint("http://10.0.%d.%d:40123".formatted(index % 50, index))
                .withStatus(TaskState.TASK_RUNNING, Optional.empty(), "", Optional.empty(), T0.plusSeconds(5))
                .withStatus(TaskState.TASK_RUNNING, Optional.of(true), "", Optional.empty(), T0.plusSeconds(15));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
