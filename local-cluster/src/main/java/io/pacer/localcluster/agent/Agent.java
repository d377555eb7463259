package io.pacer.localcluster.agent;

import com.google.protobuf.ByteString;
import io.pacer.cgroups.MemoryLimitation;
import io.pacer.cgroups.ProcessUsage;
import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.StatusUpdate;
import io.pacer.localcluster.http.EventStream;
import io.pacer.localcluster.isolation.IsolationSettings;
import io.pacer.localcluster.isolation.Isolator;
import io.pacer.localcluster.resources.Resources;
import io.pacer.mesos.MesosDuration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.URL;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent: runs executors in sandboxes, serves them the executor API through {@link ExecutorEndpoint}, and
 * passes their status updates on reliably. Modelled on src/slave/slave.cpp; every method runs on the
 * {@link ClusterLoop}.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /**
     * @param workDir this agent's own work dir (sandboxes and checkpoints)
     */
    public record Settings(Path workDir, String host, Duration executorRegistrationTimeout, Duration executorReregistrationTimeout,
                           Duration executorShutdownGracePeriod, Duration recoveryTimeout, Duration executorHeartbeatInterval,
                           Duration statusUpdateRetryInitial, Duration statusUpdateRetryMax, IsolationSettings isolation,
                           Optional<ExecutorTokens> executorTokens) {
    }

    /** How often containers are asked whether they ran out of memory (Mesos is told by the kernel, through eventfd). */
    private static final Duration LIMITATION_CHECK_INTERVAL = Duration.ofMillis(200);

    private final Settings settings;
    private final ClusterLoop loop;
    private final MasterChannel master;
    private final AgentCheckpoint checkpoint;
    private final Isolator isolator;
    private final Containerizer containerizer;
    private final AgentInfo info;
    private final ExecutorEnvironment.AgentSide agentSide;
    private final StatusUpdateManager updates;
    private final Map<FrameworkID, AgentFramework> frameworks = new LinkedHashMap<>();

    private Agent(Settings settings, ClusterLoop loop, MasterChannel master, ExecutorFetcher fetcher, AgentInfo info) {
        this.settings = settings;
        this.loop = loop;
        this.master = master;
        this.checkpoint = new AgentCheckpoint(settings.workDir());
        this.info = info;
        this.agentSide = new ExecutorEnvironment.AgentSide(settings.host(), settings.host() + ":" + info.getPort(), info.getId(),
                settings.executorShutdownGracePeriod(), settings.recoveryTimeout(), settings.executorReregistrationTimeout(),
                settings.executorTokens());
        this.isolator = Isolator.of(settings.isolation(), info.getId().getValue());
        this.containerizer = new Containerizer(fetcher, agentSide, checkpoint, isolator);
        this.updates = new StatusUpdateManager(loop, settings.statusUpdateRetryInitial(), settings.statusUpdateRetryMax(),
                update -> master.forward(info.getId(), update, latestState(update)));
    }

    /** The agent id and port a previous run of this work dir checkpointed, if any: a restarted agent keeps both. */
    public static Optional<AgentInfo> checkpointed(Path workDir) throws IOException {
        return new AgentCheckpoint(workDir).latestAgent();
    }

    public static Agent create(Settings settings, ClusterLoop loop, MasterChannel master, ExecutorFetcher fetcher,
                               AgentInfo info) throws IOException {
        Agent agent = new Agent(settings, loop, master, fetcher, info);
        agent.checkpoint.writeAgent(info);
        loop.every(settings.executorHeartbeatInterval(), agent::heartbeat);
        loop.every(LIMITATION_CHECK_INTERVAL, agent::checkLimitations);
        return agent;
    }

    /** The isolator's start-up line: what is enforced, and what is not. */
    public String isolation() {
        return isolator.describe();
    }

    public AgentID id() {
        return info.getId();
    }

    public AgentInfo info() {
        return info;
    }

    public String hostname() {
        return info.getHostname();
    }

    /** The tokens executors must present, when this agent authenticates them (--authenticate-http-executors). */
    Optional<ExecutorTokens> executorTokens() {
        return settings.executorTokens();
    }

    /** Where the agent is, as offers carry it (Offer.url: the agent's libprocess address and its "/slave(1)" path). */
    public URL url() {
        return URL.newBuilder().setScheme("http")
                .setAddress(Address.newBuilder().setHostname(info.getHostname()).setIp(settings.host()).setPort(info.getPort()))
                .setPath("/slave(1)")
                .build();
    }

    public Resources totalResources() {
        return Resources.fromProtos(info.getResourcesList());
    }

    public boolean hasExecutor(FrameworkID framework, ExecutorID executor) {
        return executorRun(framework, executor).isPresent();
    }

    public Optional<ExecutorInfo> executorInfo(FrameworkID framework, ExecutorID executor) {
        return executorRun(framework, executor).map(run -> run.info);
    }

    public List<ExecutorID> executorIds(FrameworkID framework) {
        AgentFramework f = frameworks.get(framework);
        return f == null ? List.of() : List.copyOf(f.executors.keySet());
    }

    Optional<ExecutorRun> executorRun(FrameworkID framework, ExecutorID executor) {
        AgentFramework f = frameworks.get(framework);
        return f == null ? Optional.empty() : Optional.ofNullable(f.executors.get(executor));
    }

    boolean knowsFramework(FrameworkID framework) {
        return frameworks.containsKey(framework);
    }

    // ---- from the master ----

    /** src/slave/slave.cpp {@code run}: the task goes to its executor, which is started first if new. */
    public void runTask(FrameworkInfo frameworkInfo, TaskInfo task) {
        AgentFramework framework = frameworks.computeIfAbsent(frameworkInfo.getId(), id -> new AgentFramework(frameworkInfo));
        if (frameworkInfo.getCheckpoint()) {
            durably(() -> checkpoint.writeFramework(id(), frameworkInfo));
        }
        ExecutorRun run = framework.executors.get(task.getExecutor().getExecutorId());
        if (run == null) {
            run = launchExecutor(framework, task.getExecutor());
        }
        switch (run.state) {
            case REGISTERING -> {
                run.queuedTasks.put(task.getTaskId(), task);
                run.updateLimits();
                checkpointTask(framework, run, task);
                LOG.info("Queued task {} for executor {}", task.getTaskId().getValue(), run);
            }
            case RUNNING -> {
                checkpointTask(framework, run, task);
                launch(run, task);
            }
            case TERMINATING, TERMINATED -> {
                TaskState state = partitionAware(framework) ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
                sendAgentUpdate(run, task.getTaskId(), state, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "Executor terminating");
            }
        }
    }

    private void launch(ExecutorRun run, TaskInfo task) {
        run.launchedTasks.put(task.getTaskId(), task);
        run.taskStates.put(task.getTaskId(), TaskState.TASK_STAGING);
        run.updateLimits();
        run.everSentTask = true;
        run.send(Event.newBuilder().setType(Event.Type.LAUNCH).setLaunch(Event.Launch.newBuilder().setTask(task)).build());
        LOG.info("Sent task {} to executor {}", task.getTaskId().getValue(), run);
    }

    /** src/slave/slave.cpp {@code kill}: a task still queued is killed here; a launched one by its executor. */
    public void killTask(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy) {
        Optional<ExecutorRun> found = runs().filter(r -> r.frameworkId.equals(frameworkId) && r.hasTask(taskId)).findFirst();
        if (found.isEmpty()) {
            LOG.warn("Cannot kill task {} of framework {}: no executor has it", taskId.getValue(), frameworkId.getValue());
            return;
        }
        ExecutorRun run = found.get();
        switch (run.state) {
            case REGISTERING -> {
                run.queuedTasks.remove(taskId);
                LOG.info("Killing task {} before delivery to executor {}", taskId.getValue(), run);
                sendAgentUpdate(run, taskId, TaskState.TASK_KILLED, TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH,
                        "Killed before delivery to the executor");
            }
            case RUNNING -> {
                Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(taskId);
                killPolicy.ifPresent(kill::setKillPolicy);
                run.send(Event.newBuilder().setType(Event.Type.KILL).setKill(kill).build());
                LOG.info("Asked executor {} to kill task {}", run, taskId.getValue());
            }
            case TERMINATING, TERMINATED -> LOG.warn("Ignoring kill of task {} because executor {} is terminating", taskId.getValue(), run);
        }
    }

    public void shutdownExecutor(FrameworkID frameworkId, ExecutorID executorId) {
        executorRun(frameworkId, executorId).ifPresentOrElse(this::shutdown,
                () -> LOG.warn("Cannot shut down unknown executor {} of framework {}", executorId.getValue(), frameworkId.getValue()));
    }

    /** The framework is gone: its executors are shut down and its updates have nobody to go to. */
    public void shutdownFramework(FrameworkID frameworkId) {
        AgentFramework framework = frameworks.get(frameworkId);
        if (framework == null) {
            return;
        }
        LOG.info("Shutting down framework {}", frameworkId.getValue());
        framework.terminating = true;
        updates.removeFramework(frameworkId);
        List.copyOf(framework.executors.values()).forEach(this::shutdown);
        removeIfDone(frameworkId);
    }

    public void acknowledge(FrameworkID frameworkId, TaskID taskId, ByteString uuid) {
        durably(() -> updates.acknowledge(frameworkId, taskId, uuid));
    }

    public void frameworkMessage(FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        executorRun(frameworkId, executorId).ifPresentOrElse(
                run -> run.send(Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder().setData(data)).build()),
                () -> LOG.warn("Dropping message for unknown executor {} of framework {}", executorId.getValue(), frameworkId.getValue()));
    }

    public void updateFramework(FrameworkInfo frameworkInfo) {
        AgentFramework framework = frameworks.get(frameworkInfo.getId());
        if (framework != null) {
            framework.info = frameworkInfo;
        }
    }

    // ---- executors ----

    private ExecutorRun launchExecutor(AgentFramework framework, ExecutorInfo executor) {
        ContainerID containerId = ContainerID.newBuilder().setValue(UUID.randomUUID().toString()).build();
        Sandbox sandbox = Sandbox.of(settings.workDir(), id(), executor.getFrameworkId(), executor.getExecutorId(), containerId);
        ExecutorRun run = new ExecutorRun(executor.getFrameworkId(), executor, containerId, sandbox);
        framework.executors.put(executor.getExecutorId(), run);
        try {
            run.process = containerizer.launch(run, framework.info.getCheckpoint());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed to launch executor {}: {}", run, e.getMessage());
            run.pendingTermination = Optional.of(new ExecutorRun.Termination(TaskState.TASK_FAILED,
                    TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, "Failed to launch container: " + e.getMessage()));
            loop.execute(() -> executorExited(run, OptionalInt.empty()));
            return run;
        }
        LOG.info("Launched executor {} (pid {}) in {}", run, run.process.pid(), sandbox.directory());
        watch(run, settings.executorRegistrationTimeout());
        return run;
    }

    /** Follows the executor's process, and ends it if it does not subscribe within {@code timeout}. */
    private void watch(ExecutorRun run, Duration timeout) {
        run.process.onExit().thenAccept(status -> loop.execute(() -> executorExited(run, status)));
        run.registrationTimer = loop.schedule(timeout, () -> {
            if (run.state == ExecutorRun.State.REGISTERING) {
                LOG.info("Terminating executor {} because it did not register within {}", run, MesosDuration.format(timeout));
                run.pendingTermination = Optional.of(new ExecutorRun.Termination(TaskState.TASK_FAILED,
                        TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT, "Executor did not register within " + MesosDuration.format(timeout)));
                run.state = ExecutorRun.State.TERMINATING;
                run.process.kill();
            }
        });
    }

    /** SHUTDOWN to the executor, then SIGKILL of its whole session after the grace period (src/slave/slave.cpp shutdownExecutor). */
    private void shutdown(ExecutorRun run) {
        if (run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        boolean registered = run.state == ExecutorRun.State.RUNNING;
        run.state = ExecutorRun.State.TERMINATING;
        if (run.process == null) {
            return; // never started; its exit is already queued
        }
        if (!registered) {
            LOG.info("Killing executor {}, which never subscribed", run);
            run.process.kill();
            return;
        }
        Duration grace = ExecutorEnvironment.shutdownGracePeriod(agentSide, run.info);
        LOG.info("Shutting down executor {} (grace period {})", run, MesosDuration.format(grace));
        run.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
        run.shutdownTimer = loop.schedule(grace, () -> {
            if (run.state != ExecutorRun.State.TERMINATED) {
                LOG.info("Killing executor {}: still running after its shutdown grace period", run);
                run.process.kill();
            }
        });
    }

    /** src/slave/slave.cpp {@code executorTerminated}: the container is destroyed and unfinished tasks fail. */
    private void executorExited(ExecutorRun run, OptionalInt waitStatus) {
        if (run.state == ExecutorRun.State.TERMINATED) {
            return;
        }
        if (run.process != null) {
            run.process.kill(); // whatever the executor left behind in its session
        }
        if (run.pendingTermination.isEmpty()) {
            // The OOM killer may have picked the executor itself: its exit can come before the limitation is seen.
            run.container.memoryLimitation().ifPresent(limitation -> run.pendingTermination = Optional.of(memoryLimitation(limitation)));
        }
        run.container.destroy(); // and whatever escaped the session, where the isolator can tell
        run.state = ExecutorRun.State.TERMINATED;
        cancel(run.registrationTimer);
        cancel(run.shutdownTimer);
        if (run.stream != null) {
            run.stream.close();
            run.stream = null;
        }
        LOG.info("Executor {} terminated{}", run, waitStatus.isPresent() ? " with wait status " + waitStatus.getAsInt() : "");
        AgentFramework framework = frameworks.get(run.frameworkId);
        if (!framework.terminating) {
            ExecutorRun.Termination termination = run.pendingTermination.orElse(new ExecutorRun.Termination(
                    TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "Executor terminated"));
            List<TaskID> unfinished = new ArrayList<>();
            run.taskStates.forEach((task, state) -> {
                if (!StatusUpdate.isTerminal(state)) {
                    unfinished.add(task);
                }
            });
            unfinished.addAll(run.queuedTasks.keySet());
            run.queuedTasks.clear();
            unfinished.forEach(task -> sendAgentUpdate(run, task, termination.state(), termination.reason(), termination.message()));
        }
        if (framework.info.getCheckpoint()) {
            durably(() -> checkpoint.markTerminated(id(), run));
        }
        framework.executors.remove(run.info.getExecutorId());
        master.executorTerminated(id(), run.frameworkId, run.info.getExecutorId(), waitStatus);
        removeIfDone(run.frameworkId);
    }

    /**
     * A container that ran out of memory is destroyed, and its unfinished tasks fail with the limitation, as the
     * Mesos containerizer does when an isolator reports one (src/slave/containerizer/mesos/containerizer.cpp limited).
     */
    private void checkLimitations() {
        runs().filter(run -> run.state == ExecutorRun.State.REGISTERING || run.state == ExecutorRun.State.RUNNING).toList()
                .forEach(run -> run.container.memoryLimitation().ifPresent(limitation -> {
                    LOG.info("Destroying the container of executor {}: {}", run, limitation.message().lines().findFirst().orElse(""));
                    run.pendingTermination = Optional.of(memoryLimitation(limitation));
                    run.state = ExecutorRun.State.TERMINATING;
                    run.container.destroy();
                }));
    }

    private static ExecutorRun.Termination memoryLimitation(MemoryLimitation limitation) {
        return new ExecutorRun.Termination(TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, limitation.message());
    }

    private void removeIfDone(FrameworkID frameworkId) {
        AgentFramework framework = frameworks.get(frameworkId);
        if (framework != null && framework.terminating && framework.executors.isEmpty()) {
            frameworks.remove(frameworkId);
            LOG.info("Framework {} removed from agent {}", frameworkId.getValue(), id().getValue());
        }
    }

    /** HEARTBEAT to every subscribed executor (DEFAULT_EXECUTOR_HEARTBEAT_INTERVAL in src/slave/constants.hpp). */
    private void heartbeat() {
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        runs().forEach(run -> run.send(heartbeat));
    }

    // ---- the executor API (from ExecutorEndpoint) ----

    /** src/slave/slave.cpp {@code subscribe}. */
    void subscribe(ExecutorRun run, EventStream stream, Call.Subscribe subscribe) {
        AgentFramework framework = frameworks.get(run.frameworkId);
        if (framework.terminating || run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED) {
            LOG.warn("Shutting down executor {} as it subscribed while terminating", run);
            stream.sendAndClose(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
            return;
        }
        if (run.stream != null) {
            LOG.warn("Closing the existing connection of executor {}", run);
            run.stream.close();
        }
        run.state = ExecutorRun.State.RUNNING;
        run.stream = stream;
        cancel(run.registrationTimer);
        stream.onClose(() -> loop.execute(() -> {
            if (run.stream == stream) {
                run.stream = null;
                LOG.info("Executor {} disconnected", run);
            }
        }));
        for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
            durably(() -> record(run, update.getStatus()));
        }
        List<TaskID> unacknowledged = subscribe.getUnacknowledgedTasksList().stream().map(TaskInfo::getTaskId).toList();
        run.taskStates.forEach((task, state) -> {
            if (state == TaskState.TASK_STAGING && !unacknowledged.contains(task)) {
                LOG.info("Transitioning STAGED task {} because it is unknown to executor {}", task.getValue(), run);
                sendAgentUpdate(run, task, partitionAware(framework) ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                        TaskStatus.Reason.REASON_AGENT_RESTARTED, "Task launched during agent restart");
            }
        });
        if (!run.everSentTask && run.queuedTasks.isEmpty()) {
            LOG.warn("Shutting down executor {} because it has never been sent a task and all of its queued tasks have been killed before delivery", run);
            shutdown(run);
            return;
        }
        LOG.info("Executor {} subscribed", run);
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setExecutorInfo(run.info)
                .setFrameworkInfo(framework.info)
                .setAgentInfo(info)
                .setContainerId(run.containerId)).build());
        // As Mesos's subscribe: re-sent updates are handled as new ones, acknowledgement included (slave.cpp
        // statusUpdate -> ___statusUpdate), else the executor would keep them and wait for them until it leaves.
        subscribe.getUnacknowledgedUpdatesList().forEach(update -> acknowledge(run, update.getStatus()));
        List<TaskInfo> queued = List.copyOf(run.queuedTasks.values());
        run.queuedTasks.clear();
        queued.forEach(task -> launch(run, task));
    }

    /** An executor's UPDATE, already validated: recorded (durably, if checkpointing), then ACKNOWLEDGED. */
    void executorUpdate(ExecutorRun run, TaskStatus status) throws IOException {
        record(run, status);
        acknowledge(run, status);
    }

    private static void acknowledge(ExecutorRun run, TaskStatus status) {
        run.send(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
                .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
    }

    void executorMessage(ExecutorRun run, ByteString data) {
        master.executorMessage(id(), run.frameworkId, run.info.getExecutorId(), data);
    }

    private void record(ExecutorRun run, TaskStatus status) throws IOException {
        if (frameworks.get(run.frameworkId).terminating) {
            // src/slave/slave.cpp statusUpdate: nobody is left to deliver it to.
            LOG.info("Ignoring status update {} of task {} of terminating framework {}", status.getState(), status.getTaskId().getValue(), run.frameworkId.getValue());
            return;
        }
        TaskStatus.Builder full = status.toBuilder().setAgentId(id());
        if (!status.hasExecutorId()) {
            full.setExecutorId(run.info.getExecutorId());
        }
        StatusUpdate update = new StatusUpdate(run.frameworkId, full.build());
        if (run.launchedTasks.containsKey(status.getTaskId())) {
            run.taskStates.put(status.getTaskId(), status.getState());
            if (StatusUpdate.isTerminal(status.getState())) {
                run.updateLimits();
            }
        }
        LOG.info("Status update {} of task {} from executor {}", status.getState(), status.getTaskId().getValue(), run);
        updates.update(update, updateLog(run, status.getTaskId()));
    }

    /** An update the agent itself writes about a task (SOURCE_AGENT), delivered as reliably as an executor's. */
    private void sendAgentUpdate(ExecutorRun run, TaskID taskId, TaskState state, TaskStatus.Reason reason, String message) {
        StatusUpdate update = StatusUpdate.create(loop.clock(), run.frameworkId, Optional.of(id()), taskId, state,
                TaskStatus.Source.SOURCE_AGENT, true, message, reason, Optional.of(run.info.getExecutorId()));
        if (run.taskStates.containsKey(taskId)) {
            run.taskStates.put(taskId, state);
            if (StatusUpdate.isTerminal(state) && run.state != ExecutorRun.State.TERMINATED) {
                run.updateLimits();
            }
        }
        LOG.info("Status update {} ({}) of task {} from agent {}", state, reason, taskId.getValue(), id().getValue());
        durably(() -> updates.update(update, updateLog(run, taskId)));
    }

    private Optional<TaskUpdateLog> updateLog(ExecutorRun run, TaskID task) {
        AgentFramework framework = frameworks.get(run.frameworkId);
        return framework != null && framework.info.getCheckpoint()
                ? Optional.of(checkpoint.taskUpdates(id(), run, task))
                : Optional.empty();
    }

    private void checkpointTask(AgentFramework framework, ExecutorRun run, TaskInfo task) {
        if (framework.info.getCheckpoint()) {
            durably(() -> checkpoint.writeTask(id(), run, task));
        }
    }

    private TaskState latestState(StatusUpdate update) {
        return runs().filter(r -> r.frameworkId.equals(update.frameworkId()))
                .map(r -> r.taskStates.get(update.taskId()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(update.state());
    }

    /**
     * What each running executor's container uses, with its limits (Mesos's {@code Slave::usage}): from its cgroups,
     * or summed over the executor's process tree from /proc where the isolation keeps no count (the posix isolators).
     */
    public List<ExecutorUsage> usage() {
        return runs().filter(run -> run.process != null && run.state != ExecutorRun.State.TERMINATED)
                .map(run -> new ExecutorUsage(run.frameworkId, run.info, run.limits(),
                        run.container.usage().orElseGet(() -> ProcessUsage.ofTree(run.process.pid()))))
                .toList();
    }

    private Stream<ExecutorRun> runs() {
        return frameworks.values().stream().flatMap(f -> f.executors.values().stream());
    }

    private static boolean partitionAware(AgentFramework framework) {
        return framework.info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    private static void cancel(ClusterLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @FunctionalInterface
    private interface CheckpointAction {
        void run() throws IOException;
    }

    /** A checkpoint that cannot be written breaks the promise of durability: Mesos aborts the agent, this fails the call. */
    private static void durably(CheckpointAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an agent checkpoint", e);
        }
    }

    // ---- recovery after a restart (docs/agent-recovery.md, --recover=reconnect) ----

    /**
     * Reads this agent's checkpoints: executors still alive are re-attached and must re-subscribe within the
     * re-registration timeout, or they are killed; executors that died meanwhile end as terminated; updates not
     * acknowledged by the scheduler are sent again. The master learns the recovered tasks, as from an agent that
     * re-registers.
     */
    public void recover() {
        List<AgentCheckpoint.RecoveredFramework> recovered;
        try {
            recovered = checkpoint.recover(id());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints of agent " + id().getValue(), e);
        }
        for (AgentCheckpoint.RecoveredFramework f : recovered) {
            AgentFramework framework = frameworks.computeIfAbsent(f.info().getId(), id -> new AgentFramework(f.info()));
            for (AgentCheckpoint.RecoveredRun r : f.runs()) {
                recoverRun(framework, r);
            }
            removeIfDone(f.info().getId());
        }
        Set<String> alive = runs().filter(run -> run.process != null).map(run -> run.containerId.getValue()).collect(Collectors.toSet());
        int orphans = containerizer.destroyOrphans(alive);
        if (orphans > 0) {
            LOG.info("Destroyed {} orphaned container(s) of an earlier run of agent {}", orphans, id().getValue());
        }
    }

    private void recoverRun(AgentFramework framework, AgentCheckpoint.RecoveredRun r) {
        ExecutorRun run = new ExecutorRun(framework.info.getId(), r.executor(), r.containerId(),
                Sandbox.of(settings.workDir(), id(), framework.info.getId(), r.executor().getExecutorId(), r.containerId()));
        run.everSentTask = true;
        for (AgentCheckpoint.RecoveredTask t : r.tasks()) {
            List<TaskStatus> history = t.replay().updates();
            TaskState state = history.isEmpty() ? TaskState.TASK_STAGING : history.get(history.size() - 1).getState();
            run.launchedTasks.put(t.info().getTaskId(), t.info());
            run.taskStates.put(t.info().getTaskId(), state);
        }
        // The master learns the tasks first, so that the updates re-sent below find their framework.
        if (!r.terminated()) {
            boolean first = true;
            for (TaskInfo task : run.launchedTasks.values()) {
                master.taskRecovered(id(), framework.info, task, run.taskStates.get(task.getTaskId()), first);
                first = false;
            }
        }
        r.tasks().forEach(t -> updates.recover(framework.info.getId(), t.info().getTaskId(), t.log(), t.replay()));
        Optional<ProcessSession> alive = containerizer.recover(r, run);
        if (alive.isEmpty()) {
            if (!r.terminated()) {
                LOG.info("Executor {} exited while the agent was down", run);
                framework.executors.put(run.info.getExecutorId(), run);
                run.state = ExecutorRun.State.RUNNING;
                executorExited(run, OptionalInt.empty());
            }
            return;
        }
        run.process = alive.get();
        run.state = ExecutorRun.State.RUNNING;
        framework.executors.put(run.info.getExecutorId(), run);
        LOG.info("Recovered executor {} (pid {}); waiting for it to re-subscribe", run, run.process.pid());
        run.process.onExit().thenAccept(status -> loop.execute(() -> executorExited(run, status)));
        Duration timeout = settings.executorReregistrationTimeout();
        run.registrationTimer = loop.schedule(timeout, () -> {
            if (run.stream == null && run.state == ExecutorRun.State.RUNNING) {
                LOG.info("Killing un-reregistered executor {}", run);
                run.pendingTermination = Optional.of(new ExecutorRun.Termination(
                        partitionAware(framework) ? TaskState.TASK_GONE : TaskState.TASK_LOST,
                        TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT,
                        "Executor did not reregister within " + MesosDuration.format(timeout)));
                run.state = ExecutorRun.State.TERMINATING;
                run.process.kill();
            }
        });
    }

    // ---- stopping ----

    /**
     * SHUTDOWN to every executor, as when the agent stops for good: each may end its tasks within its shutdown grace
     * period (and clean up what is not its process, such as containers), then is killed.
     */
    public void shutdownAll() {
        runs().toList().forEach(this::shutdown);
    }

    /** Whether an executor of this agent is still running or starting. */
    public boolean hasLiveExecutors() {
        return runs().anyMatch(run -> run.state != ExecutorRun.State.TERMINATED);
    }

    /** Kills every executor of this agent, after a shutdown that some outlived. */
    public void killAll() {
        runs().forEach(run -> {
            cancel(run.registrationTimer);
            cancel(run.shutdownTimer);
            kill(run);
        });
        isolator.close();
    }

    /** Kills the executors of frameworks that do not checkpoint; the others outlive the agent, to be recovered. */
    public void killUncheckpointed() {
        runs().filter(run -> !frameworks.get(run.frameworkId).info.getCheckpoint()).forEach(Agent::kill);
        isolator.close();
    }

    /** As the agent stops: nothing follows the executor's exit any more, so its container goes now too. */
    private static void kill(ExecutorRun run) {
        if (run.process != null) {
            run.process.kill();
        }
        run.container.destroy();
    }
}
