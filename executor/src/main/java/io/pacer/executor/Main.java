package io.pacer.executor;

import io.pacer.executor.docker.DockerSupport;
import io.pacer.executor.driver.ExecutorDriver;
import io.pacer.executor.driver.SubscriptionConnection;
import io.pacer.executor.endpoint.EndpointSecret;
import io.pacer.executor.endpoint.ExecutorEndpoint;
import io.pacer.executor.endpoint.ExecutorMetrics;
import io.pacer.executor.endpoint.TaskJournal;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.isolation.TaskIsolation;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.process.OrphanSweeper;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.spec.EndpointSecretField;
import io.pacer.executor.task.ArtifactStage;
import io.pacer.staging.ArtifactStager;
import io.pacer.staging.StagingConfig;
import io.pacer.executor.task.CompositeTaskListener;
import io.pacer.executor.task.TaskRuntime;
import io.pacer.executor.workload.ProcessWorkload;
import io.pacer.executor.workload.Workloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar pacer-executor.jar}: everything comes from the environment the Mesos agent sets (docs/executor.md). */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final Duration LOG_ROTATION_TICK = Duration.ofSeconds(1);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorSettings settings;
        try {
            settings = ExecutorSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("pacer-executor: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogRotator logRotator = new LogRotator(LOG_ROTATION_TICK);
        ProcessLauncher launcher = new ProcessLauncher(logRotator);
        String executorRun = UUID.randomUUID().toString();
        OrphanSweeper sweeper = OrphanSweeper.start(executorRun); // lives as long as this JVM, and a moment longer
        DockerSupport docker = new DockerSupport(System.getenv(), settings.frameworkId(), settings.executorId(), logRotator,
                sweeper::removeContainersOnDeath);
        TaskIsolation isolation = TaskIsolation.detect();
        Workloads workloads = new Workloads(ProcessWorkload.launcher(launcher, isolation), docker::launcher);
        CheckEventLoop checks = new CheckEventLoop();
        ExecutorService commandWaiter = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "command-check", 128 * 1024);
            t.setDaemon(true);
            return t;
        });
        HealthProbes probes = new HealthProbes(checks, launcher, commandWaiter);
        ArtifactStage artifacts = new StagedArtifacts(new ArtifactStager(StagingConfig.defaults()
                .withCache(StagedArtifacts.cacheDir(System.getenv(), settings.sandbox()), StagingConfig.DEFAULT_CACHE_MAX_BYTES)));
        TaskJournal journal = new TaskJournal();
        ExecutorMetrics metrics = new ExecutorMetrics();
        EndpointSecret endpointSecret = new EndpointSecret();
        ExecutorEndpoint endpoint = ExecutorEndpoint.start(settings.executorId(), settings.frameworkId(), journal, metrics,
                endpointSecret, settings.endpointAddress());
        Map<String, String> executorEnvironment = System.getenv();

        ExecutorDriver driver = new ExecutorDriver(settings,
                (hostname, taskKillingState, listener) -> {
                    Map<String, String> labels = Map.of(ExecutorEndpoint.ADDRESS_LABEL,
                            "http://" + settings.endpointHost(hostname) + ":" + endpoint.port());
                    return new TaskRuntime(settings.sandbox(), artifacts, workloads, new TaskEnvironment(executorEnvironment, hostname, executorRun),
                            probes, listener, taskKillingState, () -> labels, isolation.whyUnavailable());
                },
                new CompositeTaskListener(List.of(journal, metrics)),
                task -> endpointSecret.learn(EndpointSecretField.read(task)),
                status -> {
                    docker.close();
                    isolation.close();
                    endpoint.close();
                    checks.close();
                    System.exit(status);
                });
        LOG.info("Pacer executor {} of framework {}: endpoint on port {}, subscribing to {}", settings.executorId(),
                settings.frameworkId(), endpoint.port(), settings.agent());
        SubscriptionConnection.start(settings.agent(), settings.authenticationToken(), driver);
        new CountDownLatch(1).await(); // every other thread is a daemon; the driver ends the JVM
    }
}
