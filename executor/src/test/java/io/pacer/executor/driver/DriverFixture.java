package io.pacer.executor.driver;

import com.google.protobuf.ByteString;
import io.pacer.executor.ExecutorSettings;
import io.pacer.executor.TestRuns;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.isolation.TaskIsolation;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.workload.ProcessWorkload;
import io.pacer.executor.workload.Workloads;
import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskRuntime;
import io.pacer.executor.task.TaskUpdate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.executor.Protos.Event;

/** A driver wired to real task runners (real processes) and a given connection; its exit is captured. */
public final class DriverFixture implements AutoCloseable {
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final CheckEventLoop loop = new CheckEventLoop();
    final ExecutorService commandWaiter = Executors.newCachedThreadPool();
    final LogRotator rotator = new LogRotator(Duration.ofMillis(100));
    final ExecutorDriver driver;

    DriverFixture(ExecutorSettings settings) {
        ProcessLauncher launcher = new ProcessLauncher(rotator);
        TaskListener quiet = new TaskListener() {
            @Override
            public void statusChanged(TaskUpdate update) {
            }
        };
        driver = new ExecutorDriver(settings, (host, killing, listener) -> new TaskRuntime(settings.sandbox(),
                (artifacts, dir, progress) -> {
                    throw new AssertionError("no artifacts in these tests");
                }, processWorkloads(launcher), new TaskEnvironment(Map.of("PATH", "/usr/bin:/bin"), host, TestRuns.ID),
                new HealthProbes(loop, launcher, commandWaiter), listener, killing, () -> Map.of("endpoint", "http://x:1"), Optional.empty()),
                quiet, exit::complete);
    }

    /** Processes only: these tests run no container. */
    public static Workloads processWorkloads(ProcessLauncher launcher) {
        return new Workloads(ProcessWorkload.launcher(launcher, TaskIsolation.unavailable("not in these tests")), () -> {
            throw new AssertionError("no container tasks in these tests");
        });
    }

    static ExecutorSettings settings(Path sandbox, URI agent, boolean checkpoint, Duration idle, Duration ackTimeout, Duration shutdownGrace) {
        return new ExecutorSettings("framework-1", "executor-1", agent, sandbox, checkpoint, Duration.ofSeconds(5),
                Duration.ofMillis(100), shutdownGrace, idle, ackTimeout, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Event subscribed(boolean taskKillingState) {
        Protos.FrameworkInfo.Builder framework = Protos.FrameworkInfo.newBuilder().setUser("root").setName("pacer")
                .setId(Protos.FrameworkID.newBuilder().setValue("framework-1"));
        if (taskKillingState) {
            framework.addCapabilities(Protos.FrameworkInfo.Capability.newBuilder().setType(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
        }
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setExecutorInfo(Protos.ExecutorInfo.newBuilder().setExecutorId(Protos.ExecutorID.newBuilder().setValue("executor-1"))
                        .setCommand(Protos.CommandInfo.newBuilder().setValue("java -jar pacer-executor.jar")))
                .setFrameworkInfo(framework)
                .setAgentInfo(Protos.AgentInfo.newBuilder().setHostname("agent-host").setId(Protos.AgentID.newBuilder().setValue("agent-1"))))
                .build();
    }

    public static Protos.TaskInfo task(String id, String json) {
        return Protos.TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-1"))
                .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8)).build();
    }

    public static Event launch(Protos.TaskInfo task) {
        return Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(task)).build();
    }

    public static Event kill(String taskId, Optional<Duration> grace) {
        Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId));
        grace.ifPresent(g -> kill.setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder().setNanoseconds(g.toNanos()))));
        return Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build();
    }

    public static Event acknowledged(Protos.TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.ACKNOWLEDGED).setAcknowledged(Event.Acknowledged.newBuilder()
                .setTaskId(status.getTaskId()).setUuid(status.getUuid())).build();
    }

    static Event of(Event.Type type) {
        return Event.newBuilder().setType(type).build();
    }

    @Override
    public void close() {
        loop.close();
        commandWaiter.shutdownNow();
        rotator.close();
    }
}
