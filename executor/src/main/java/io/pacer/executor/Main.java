package io.pacer.executor;

import io.pacer.executor.driver.ExecutorDriver;
import io.pacer.executor.driver.SubscriptionConnection;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.task.ArtifactStage;
import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskRuntime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar pacer-executor.jar}: everything comes from the environment the Mesos agent sets (docs/executor.md). */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

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
        ProcessLauncher launcher = new ProcessLauncher();
        CheckEventLoop checks = new CheckEventLoop();
        ExecutorService commandWaiter = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "command-check", 128 * 1024);
            t.setDaemon(true);
            return t;
        });
        HealthProbes probes = new HealthProbes(checks, launcher, commandWaiter);
        ArtifactStage artifacts = new StagingNotWired();
        Map<String, String> executorEnvironment = System.getenv();
        TaskListener observer = new TaskListener() {
            @Override
            public void statusChanged(io.pacer.executor.task.TaskUpdate update) {
            }
        };

        ExecutorDriver driver = new ExecutorDriver(settings,
                (hostname, taskKillingState, listener) -> new TaskRuntime(settings.sandbox(), artifacts, launcher,
                        new TaskEnvironment(executorEnvironment, hostname), probes, listener, taskKillingState, Map::of),
                observer,
                status -> {
                    checks.close();
                    System.exit(status);
                });
        LOG.info("Pacer executor {} of framework {} subscribing to {}", settings.executorId(), settings.frameworkId(), settings.agent());
        SubscriptionConnection.start(settings.agent(), driver);
        new CountDownLatch(1).await(); // every other thread is a daemon; the driver ends the JVM
    }
}
