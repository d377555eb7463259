package io.pacer.executor.driver;

import io.pacer.executor.ExecutorSettings;
import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.spec.InvalidTaskException;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskInfoReader;
import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskRunner;
import io.pacer.executor.task.TaskRuntime;
import io.pacer.executor.task.TaskUpdate;
import io.pacer.executor.workload.Workload;
import io.pacer.mesos.ReconnectPolicy;
import io.pacer.mesos.SubscriptionListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's side of the Mesos v1 executor API (docs/executor-http-api.md), modelled on the command executor
 * (src/launcher/executor.cpp) but for many tasks: LAUNCH starts a {@link TaskRunner}, KILL and SHUTDOWN stop
 * runners, ACKNOWLEDGED releases kept updates. It leaves (through {@code exit}) when it has had no task for the
 * idle timeout and every update is acknowledged (or the acknowledgement timeout passed), after SHUTDOWN, or
 * when the agent is gone for good. All state changes run on one driver thread, in order.
 */
public final class ExecutorDriver implements SubscriptionListener<Event> {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorDriver.class);
    /** The agent's default --executor_registration_timeout: no use trying to subscribe for longer the first time. */
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(1);
    /** The command executor re-sends SUBSCRIBE every second until SUBSCRIBED. */
    private static final Duration SUBSCRIBE_RETRY = Duration.ofSeconds(1);
    /**
     * Of a SHUTDOWN's grace period, what the executor keeps for itself: the tasks' kills end this much before the
     * agent's deadline, leaving time to drain and remove containers, report TASK_KILLED and, if a task is still not
     * done, force what is left away before the agent kills the executor. Mesos's command and docker executors keep
     * two seconds too (src/launcher/executor.cpp and src/docker/executor.cpp {@code shutdown()}: MAX_REAP_INTERVAL
     * plus one second).
     */
    private static final Duration SHUTDOWN_OWN_TIME = Duration.ofSeconds(2);
    /** The last part of that: when the executor stops waiting for its tasks and forces them away itself. */
    private static final Duration SHUTDOWN_FORCE_TIME = Duration.ofSeconds(1);

    private final ExecutorSettings settings;
    private final TaskRuntimeFactory runtimeFactory;
    private final TaskListener observer;
    private final Consumer<TaskInfo> launchObserver;
    private final IntConsumer exit;
    private final StatusUpdateSender sender;
    private final TaskInfoReader reader = new TaskInfoReader();
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "executor-driver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, TaskRunner> runners = new LinkedHashMap<>();
    private final Map<String, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();
    private final TaskListener listener = new Listener();

    // Driver thread only, except where volatile.
    private volatile boolean subscribedOnce;
    private AgentConnection connection;
    private TaskRuntime runtime;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> leaveDeadline;
    private boolean shuttingDown;
    private Optional<Integer> leavingWith = Optional.empty();
    private boolean exited;

    /**
     * @param observer hears every task event too (the executor endpoint's journal and metrics)
     * @param exit     ends the executor with a status code; called once
     */
    public ExecutorDriver(ExecutorSettings settings, TaskRuntimeFactory runtimeFactory, TaskListener observer, IntConsumer exit) {
        this(settings, runtimeFactory, observer, task -> { }, exit);
    }

    /**
     * @param launchObserver sees each LAUNCH's TaskInfo before its task starts (the endpoint learns its secret there)
     */
    public ExecutorDriver(ExecutorSettings settings, TaskRuntimeFactory runtimeFactory, TaskListener observer,
                          Consumer<TaskInfo> launchObserver, IntConsumer exit) {
        this.settings = settings;
        this.runtimeFactory = runtimeFactory;
        this.observer = observer;
        this.launchObserver = launchObserver;
        this.exit = exit;
        this.sender = new StatusUpdateSender(settings.frameworkId(), settings.executorId());
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts using {@code value} for calls. */
    public void attach(AgentConnection value) {
        sender.attach(value);
        onDriverThread(() -> connection = value);
    }

    /** A fresh SUBSCRIBE, carrying every unacknowledged task and update (called by the subscription on each attempt). */
    public Call subscribeCall() {
        Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder();
        synchronized (unacknowledgedTasks) {
            subscribe.addAllUnacknowledgedTasks(new ArrayList<>(unacknowledgedTasks.values()));
        }
        subscribe.addAllUnacknowledgedUpdates(sender.forSubscribe());
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setFrameworkId(FrameworkID.newBuilder().setValue(settings.frameworkId()))
                .setExecutorId(ExecutorID.newBuilder().setValue(settings.executorId()))
                .setSubscribe(subscribe).build();
    }

    /**
     * Until the first SUBSCRIBED: retry every second for a minute. After it: with checkpointing, retry within
     * MESOS_SUBSCRIPTION_BACKOFF_MAX until MESOS_RECOVERY_TIMEOUT; without, give up at once (docs/agent-recovery.md).
     */
    public ReconnectPolicy reconnectPolicy() {
        ReconnectPolicy afterSubscribed = settings.checkpoint()
                ? ReconnectPolicy.withinRecoveryTimeout(settings.subscriptionBackoffMax(), settings.recoveryTimeout())
                : ReconnectPolicy.never();
        return (attempt, unsubscribedFor) -> {
            if (subscribedOnce) {
                return afterSubscribed.nextDelay(attempt, unsubscribedFor);
            }
            return unsubscribedFor.compareTo(REGISTRATION_TIMEOUT) < 0 ? Optional.of(SUBSCRIBE_RETRY) : Optional.empty();
        };
    }

    @Override
    public void onEvent(Event event) {
        onDriverThread(() -> handle(event));
    }

    @Override
    public void onDisconnected(Exception cause) {
        sender.disconnected();
        LOG.warn("Disconnected from the agent: {}{}", cause.getMessage(),
                settings.checkpoint() ? "; reconnecting for up to " + settings.recoveryTimeout().toSeconds() + " s" : "");
    }

    @Override
    public void onGaveUp(Exception cause) {
        // As Mesos's executor library: an agent gone for good is a SHUTDOWN, and nothing can be reported any more.
        onDriverThread(() -> {
            LOG.error("The agent is gone ({}): killing all tasks and leaving", cause.getMessage());
            shutdown(settings.shutdownGracePeriod(), 1, false);
        });
    }

    private void onDriverThread(Runnable action) {
        try {
            thread.execute(action);
        } catch (RejectedExecutionException e) {
            LOG.debug("The executor has exited; dropping a late event");
        }
    }

    private void handle(Event event) {
        if (exited) {
            return;
        }
        switch (event.getType()) {
            case SUBSCRIBED -> subscribed(event.getSubscribed());
            case LAUNCH -> launch(event.getLaunch().getTask());
            case LAUNCH_GROUP -> event.getLaunchGroup().getTaskGroup().getTasksList().forEach(task -> reject(task,
                    "The Pacer executor runs single tasks (LAUNCH), not task groups (LAUNCH_GROUP)"));
            case KILL -> kill(event.getKill());
            case ACKNOWLEDGED -> acknowledged(event.getAcknowledged());
            case SHUTDOWN -> {
                LOG.info("SHUTDOWN from the agent: killing {} task(s) within {} ms", runners.size(), settings.shutdownGracePeriod().toMillis());
                shutdown(settings.shutdownGracePeriod(), 0, true);
            }
            case ERROR -> LOG.error("Error from the agent: {}", event.getError().getMessage());
            case MESSAGE, HEARTBEAT -> LOG.debug("{} from the agent", event.getType());
            default -> LOG.warn("Ignoring an event of unknown type {}", event.getType());
        }
    }

    private void subscribed(Event.Subscribed subscribed) {
        subscribedOnce = true;
        sender.subscribed();
        if (runtime == null) {
            boolean killing = subscribed.getFrameworkInfo().getCapabilitiesList().stream()
                    .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
            runtime = runtimeFactory.create(subscribed.getAgentInfo().getHostname(), killing, listener);
        }
        LOG.info("Subscribed to agent {} ({}) as executor {} of framework {}", subscribed.getAgentInfo().getId().getValue(),
                subscribed.getAgentInfo().getHostname(), settings.executorId(), settings.frameworkId());
        scheduleIdleExit(); // the idle clock starts once the agent can send a LAUNCH
    }

    private void launch(TaskInfo info) {
        String taskId = info.getTaskId().getValue();
        synchronized (unacknowledgedTasks) {
            unacknowledgedTasks.put(taskId, info);
        }
        if (runners.containsKey(taskId)) {
            LOG.warn("Task {} is already running here; ignoring the second LAUNCH", taskId);
            return;
        }
        launchObserver.accept(info);
        if (shuttingDown || runtime == null) {
            reject(info, shuttingDown ? "The executor is shutting down" : "LAUNCH before SUBSCRIBED");
            return;
        }
        TaskDescription task;
        try {
            task = reader.read(info);
        } catch (InvalidTaskException e) {
            reject(info, "Invalid task: " + e.getMessage());
            return;
        }
        cancelIdleExit();
        TaskRunner runner = TaskRunner.start(task, runtime);
        runners.put(taskId, runner);
        runner.terminal().whenComplete((end, error) -> onDriverThread(() -> ended(taskId)));
    }

    private void reject(TaskInfo info, String message) {
        listener.statusChanged(TaskUpdate.of(info.getTaskId().getValue(), TaskState.TASK_FAILED, message)
                .withReason(TaskStatus.Reason.REASON_TASK_INVALID));
        scheduleIdleExit();
    }

    private void kill(Event.Kill kill) {
        TaskRunner runner = runners.get(kill.getTaskId().getValue());
        if (runner == null) {
            LOG.warn("KILL for task {}, which does not run here (any more)", kill.getTaskId().getValue());
            return;
        }
        Optional<Duration> grace = kill.hasKillPolicy() && kill.getKillPolicy().hasGracePeriod()
                ? Optional.of(Duration.ofNanos(kill.getKillPolicy().getGracePeriod().getNanoseconds())) : Optional.empty();
        runner.kill(grace);
    }

    private void acknowledged(Event.Acknowledged ack) {
        Optional<TaskStatus> status = sender.acknowledged(ack.getUuid());
        synchronized (unacknowledgedTasks) {
            unacknowledgedTasks.remove(ack.getTaskId().getValue());
        }
        if (status.isEmpty()) {
            LOG.debug("ACKNOWLEDGED for an update of task {} not kept (any more)", ack.getTaskId().getValue());
        }
        if (leavingWith.isPresent() && sender.allAcknowledged()) {
            exitNow(leavingWith.get());
        }
    }

    private void ended(String taskId) {
        runners.remove(taskId);
        scheduleIdleExit(); // not while shutting down: shutdown() leaves once every task has ended
    }

    /**
     * Kills every task with at most {@code within} for all of it, then leaves with {@code status}, after the
     * agent acknowledged the last updates if {@code awaitAcknowledgements} (no use when the agent is gone).
     */
    private void shutdown(Duration within, int status, boolean awaitAcknowledgements) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        cancelIdleExit();
        Duration ownDeadline = atLeastZero(within.minus(SHUTDOWN_FORCE_TIME));
        leaveDeadline = thread.schedule(() -> {
            LOG.warn("Shutdown grace period nearly over with {} task(s) still stopping; forcing them and leaving", runners.size());
            exitNow(status);
        }, ownDeadline.toNanos(), TimeUnit.NANOSECONDS);
        if (runners.isEmpty()) {
            leave(status, awaitAcknowledgements ? ownDeadline : Duration.ZERO);
            return;
        }
        Duration taskGrace = atLeastZero(within.minus(SHUTDOWN_OWN_TIME));
        List<CompletableFuture<TaskUpdate>> ends = new ArrayList<>();
        for (TaskRunner runner : runners.values()) {
            runner.shutdown(taskGrace);
            ends.add(runner.terminal());
        }
        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> onDriverThread(() ->
                leave(status, awaitAcknowledgements ? Duration.ofNanos(Math.max(0, leaveDeadline.getDelay(TimeUnit.NANOSECONDS))) : Duration.ZERO)));
    }

    private static Duration atLeastZero(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void scheduleIdleExit() {
        if (!runners.isEmpty() || shuttingDown || exited) {
            return;
        }
        cancelIdleExit();
        idleTimer = thread.schedule(() -> {
            if (runners.isEmpty() && !shuttingDown) {
                LOG.info("No task for {} s: leaving", settings.idleTimeout().toSeconds());
                leave(0, settings.acknowledgementTimeout());
            }
        }, settings.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelIdleExit() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
        if (leavingWith.isPresent() && !shuttingDown) {
            leavingWith = Optional.empty(); // a LAUNCH came while waiting for acknowledgements: stay
            if (leaveDeadline != null) {
                leaveDeadline.cancel(false);
                leaveDeadline = null;
            }
        }
    }

    /** Exits once every update is acknowledged, or after {@code ackWait} at the latest. */
    private void leave(int status, Duration ackWait) {
        if (sender.allAcknowledged()) {
            exitNow(status);
            return;
        }
        leavingWith = Optional.of(status);
        if (leaveDeadline != null) {
            leaveDeadline.cancel(false);
        }
        leaveDeadline = thread.schedule(() -> {
            LOG.warn("Updates still unacknowledged after {} ms; leaving anyway", ackWait.toMillis());
            exitNow(status);
        }, ackWait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void exitNow(int status) {
        if (exited) {
            return;
        }
        exited = true;
        if (!runners.isEmpty()) {
            LOG.warn("Leaving with {} task(s) not ended: SIGKILL to their processes", runners.size());
            runners.values().forEach(TaskRunner::killNow);
        }
        LOG.info("Executor {} exits with status {}", settings.executorId(), status);
        if (connection != null) {
            connection.close();
        }
        thread.shutdown();
        exit.accept(status);
    }

    /** Forwards task events to the agent (through the sender) and to the observer. */
    private final class Listener implements TaskListener {
        @Override
        public void launched(TaskDescription task, Path sandbox) {
            observer.launched(task, sandbox);
        }

        @Override
        public void workloadStarted(String taskId, Workload workload) {
            observer.workloadStarted(taskId, workload);
        }

        @Override
        public void statusChanged(TaskUpdate update) {
            sender.send(update);
            observer.statusChanged(update);
        }

        @Override
        public void healthChecked(String taskId, HealthCheckResult result) {
            observer.healthChecked(taskId, result);
        }

        @Override
        public void artifactStaged(String taskId, ArtifactSpec artifact, long bytes, Duration took) {
            observer.artifactStaged(taskId, artifact, bytes, took);
        }
    }
}
