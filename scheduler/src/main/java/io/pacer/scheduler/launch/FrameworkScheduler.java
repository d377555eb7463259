package io.pacer.scheduler.launch;

import io.pacer.executor.readiness.ReadinessReport;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.ContainerSpec;
import io.pacer.scheduler.app.KillSelection;
import io.pacer.scheduler.app.ReadinessCheckSpec;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.task.TaskFailure;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework's decisions, level-triggered: on every tick, offer round and status update it compares what each
 * app asks for with the tasks it has, and launches, kills and backs off until they agree. Not thread-safe: its
 * owner calls it from one thread.
 * <ul>
 *   <li>A task counts toward its app from its intent (written before the launch is sent) until it ends.</li>
 *   <li>Tasks of an older configuration, and the tasks a stored {@link Deployment} names (a restart's), are
 *       replaced rolling within the app's upgradeStrategy ({@link RollingReplacement}); a deployment is removed,
 *       with deployment_success, once the app runs its instances of its configuration, all ready
 *       (docs/deployments.md).</li>
 *   <li>A kill is announced first (instance_changed_event, condition Killing) and sent to Mesos {@code drainDelay}
 *       later, so that load balancers following the events stop routing to the task before it gets SIGTERM.</li>
 *   <li>A task that ends without being asked to (FAILED, FINISHED, KILLED unasked, LOST, GONE, DROPPED,
 *       UNKNOWN) is replaced after the app's backoff; the backoff resets after a task has run (healthy, when
 *       checked) for {@code stableAfter}, or when the configuration changes.</li>
 *   <li>Offers are only asked for while an app waits for a launch (REVIVE), otherwise SUPPRESSed.</li>
 * </ul>
 */
public final class FrameworkScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkScheduler.class);
    /** Declined resources stay away this long while nothing waits, so that idle offers do not churn. */
    private static final double IDLE_REFUSE_SECONDS = 30;
    private static final double BUSY_REFUSE_SECONDS = 1;
    /** The executor puts its endpoint's address in the first TASK_RUNNING's labels (docs/executor.md). */
    static final String EXECUTOR_ENDPOINT_LABEL = "pacer.executor.endpoint";
    /** How long after subscribing the scheduler waits for Mesos to answer for every task it knows before it acts anyway. */
    static final Duration RECONCILIATION_TIMEOUT = Duration.ofSeconds(30);

    private final AppRepository apps;
    private final TaskRepository tasks;
    private final TaskInfoFactory taskInfos;
    private final MesosCalls mesos;
    private final Clock clock;
    private final Duration stableAfter;
    private final EventBus events;
    private final SchedulerMetrics metrics;
    private final Duration drainDelay;
    private final LaunchDelays delays = new LaunchDelays();
    /** Kills announced and not yet sent: task id → when the KILL goes. */
    private final Map<String, Instant> drainingUntil = new HashMap<>();
    private final DeploymentProgress progress;
    private final Map<String, Offer> lastOfferByAgent = new HashMap<>();
    private final Map<AppId, TaskFailure> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private FrameworkID frameworkId;
    /** Tasks asked about at subscription whose state Mesos has not told yet: no launch or kill is decided meanwhile. */
    private final Set<String> unreconciled = new HashSet<>();
    private Instant reconcileUntil = Instant.MIN;
    private boolean suppressed;
    private boolean waiting;

    public FrameworkScheduler(AppRepository apps, TaskRepository tasks, TaskInfoFactory taskInfos, MesosCalls mesos,
                              Clock clock, Duration stableAfter, Duration drainDelay, EventBus events, SchedulerMetrics metrics,
                              DeploymentRepository deployments) {
        this.progress = new DeploymentProgress(apps, tasks, deployments, events);
        this.drainDelay = drainDelay;
        this.events = events;
        this.metrics = metrics;
        this.apps = apps;
        this.tasks = tasks;
        this.taskInfos = taskInfos;
        this.mesos = mesos;
        this.clock = clock;
        this.stableAfter = stableAfter;
    }

    public LaunchDelays delays() {
        return delays;
    }

    /** The last unexpected task end of an app, for the API (thread-safe). */
    public Optional<TaskFailure> lastFailure(AppId app) {
        return Optional.ofNullable(lastFailures.get(app));
    }

    /** POST /v2/apps/{id}/restart: the API has stored the deployment naming the tasks to replace; act on it now. */
    public void restart(AppId app) {
        tick();
    }

    /**
     * Kills the given tasks of an app (DELETE /v2/apps/{id}/tasks); with {@code scale} the app's instances shrink
     * by as many, otherwise the loop replaces them (without backoff: they were asked to end).
     */
    public void killTasks(AppId app, List<String> taskIds, boolean scale) {
        List<TaskRecord> doomed = active(app).stream().filter(t -> taskIds.contains(t.taskId())).toList();
        if (scale) {
            apps.get(app).ifPresent(a -> apps.put(a.withInstances(Math.max(0, a.instances() - doomed.size()))));
        }
        doomed.forEach(this::kill);
        tick();
    }

    /** The app's current configuration's backoff, if it has failed (thread-safe). */
    public Optional<LaunchDelays.Delay> delay(AppId app) {
        return apps.get(app).flatMap(a -> delays.of(app, TaskInfoFactory.executorId(a)));
    }

    /** DELETE /v2/queue/{id}/delay: the next launch of the app may go at once. */
    public void resetDelay(AppId app) {
        delays.reset(app);
        tick();
    }

    /**
     * SUBSCRIBED: remember the id, ask what became of every task we know, then of all (docs/reconciliation.md), and
     * decide no launch or kill until Mesos has answered for each known task or {@link #RECONCILIATION_TIMEOUT} has
     * passed: a new leader, or a restarted Pacer, acts on what runs, not on what its state last said (docs/ha.md).
     */
    public void subscribed(FrameworkID id) {
        frameworkId = id;
        suppressed = false;
        waiting = false;
        unreconciled.clear();
        tasks.all().forEach(t -> unreconciled.add(t.taskId()));
        reconcileUntil = clock.instant().plus(RECONCILIATION_TIMEOUT);
        if (!unreconciled.isEmpty()) {
            LOG.info("Reconciling {} task(s) with Mesos: no launch or kill until each is answered for (at most {} s)",
                    unreconciled.size(), RECONCILIATION_TIMEOUT.toSeconds());
        }
        // kills decided before a restart of Pacer may never have been sent: send them (again; Mesos ignores repeats)
        tasks.all().stream().filter(TaskRecord::killRequested).forEach(t -> drainingUntil.putIfAbsent(t.taskId(), clock.instant()));
        Call.Reconcile.Builder explicit = Call.Reconcile.newBuilder();
        tasks.all().forEach(t -> explicit.addTasks(Call.Reconcile.Task.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(t.taskId()))
                .setAgentId(AgentID.newBuilder().setValue(t.agentId()))));
        if (explicit.getTasksCount() > 0) {
            send(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(explicit));
        }
        send(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()));
        tick();
    }

    public void offers(List<Offer> offers) {
        Map<AppId, Integer> perOffer = fairShares(offers.size());
        for (Offer offer : offers) {
            metrics.offerReceived();
            lastOfferByAgent.put(offer.getAgentId().getValue(), offer);
            List<TaskInfo> launches = place(offer, perOffer);
            if (launches.isEmpty()) {
                send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                        .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds()))));
            } else {
                send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                        .addOfferIds(offer.getId())
                        .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(launches)))
                        .setFilters(Filters.newBuilder().setRefuseSeconds(BUSY_REFUSE_SECONDS))));
            }
        }
        tick(); // what the launches changed: SUPPRESS once nothing waits, so that the next wait REVIVEs
    }

    /** UPDATE: acknowledge it (only when it has a uuid: docs/scheduler-http-api.md), record it, react to an end. */
    public void update(TaskStatus status) {
        if (status.hasUuid()) {
            send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                    .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())));
        }
        metrics.statusUpdate(status.getState());
        String taskId = status.getTaskId().getValue();
        if (unreconciled.remove(taskId) && unreconciled.isEmpty()) {
            LOG.info("Mesos has answered for every task Pacer knows: deciding again");
        }
        Optional<TaskRecord> known = tasks.get(taskId);
        if (known.isEmpty()) {
            if (!ended(status.getState()) && status.hasAgentId()) {
                LOG.warn("Killing {}: Pacer has no record of it", taskId);
                kill(taskId, status.getAgentId().getValue());
            }
            return;
        }
        Instant now = clock.instant();
        TaskRecord task = known.get().withStatus(status.getState(),
                status.hasHealthy() ? Optional.of(status.getHealthy()) : Optional.empty(), status.getMessage(),
                status.hasReason() ? Optional.of(status.getReason().name()) : Optional.empty(), now);
        for (var label : status.getLabels().getLabelsList()) {
            if (label.getKey().equals(EXECUTOR_ENDPOINT_LABEL)) {
                task = task.withExecutorEndpoint(label.getValue());
            } else if (label.getKey().equals(ReadinessReport.LABEL)) {
                task = ReadinessLabel.apply(task, label.getValue());
            }
        }
        LOG.info("Task {} of {} is {}{}{}", taskId, task.appId(), status.getState(),
                status.hasHealthy() ? (status.getHealthy() ? " (healthy)" : " (unhealthy)") : "",
                status.getMessage().isEmpty() ? "" : ": " + status.getMessage());
        // stored before it is published: whoever reads the API on an event sees at least that event's state
        if (!ended(status.getState())) {
            tasks.put(task);
            publish(known.get(), task, status, now);
            onceReady(known.get(), task);
            return;
        }
        tasks.remove(taskId);
        drainingUntil.remove(taskId);
        // progress is stored: a restarted Pacer does not wait for a task that has already ended
        progress.ended(task);
        publish(known.get(), task, status, now);
        Optional<AppDefinition> app = progress.acting(task.appId());
        if (app.isPresent() && !task.killRequested()) {
            delays.failed(app.get(), task.executorId(), now);
            if (TaskFailure.isFailureState(status.getState())) {
                lastFailures.put(task.appId(), new TaskFailure(task, now));
            }
            LOG.info("{} will be replaced after {} ms of backoff", task.appId(),
                    Duration.between(now, delays.of(task.appId(), task.executorId()).orElseThrow().notBefore()).toMillis());
        }
        tick();
    }

    /**
     * Marathon's events for one update: status_update_event always; for a health result, failed_health_check_event
     * when unhealthy and health_status_changed_event when it changed; unhealthy_task_kill_event when a task whose
     * last check failed was killed without Pacer asking (its executor killed it for failing its checks).
     */
    private void publish(TaskRecord before, TaskRecord after, TaskStatus status, Instant now) {
        events.publish(MarathonEvents.statusUpdate(after, now));
        if (status.hasHealthy()) {
            Optional<AppDefinition> app = apps.get(after.appId());
            if (!status.getHealthy()) {
                app.ifPresent(a -> events.publish(MarathonEvents.failedHealthCheck(after, a, now)));
            }
            if (!before.healthy().equals(Optional.of(status.getHealthy()))) {
                events.publish(MarathonEvents.healthStatusChanged(after, status.getHealthy(), now));
            }
        }
        if (status.getState() == TaskState.TASK_KILLED && !after.killRequested() && before.healthy().equals(Optional.of(false))) {
            events.publish(MarathonEvents.unhealthyTaskKill(after, status.getMessage(), now));
        }
    }

    /** Compares wanted with actual for every app: kills extras and leftovers, resets stable backoffs, REVIVE/SUPPRESS. */
    public void tick() {
        Instant now = clock.instant();
        if (reconciling(now)) {
            sendDueKills();
            return;
        }
        progress.finishReached(now);
        Set<AppId> known = new HashSet<>();
        boolean nowWaiting = false;
        for (AppDefinition app : progress.acting()) {
            known.add(app.id());
            String configuration = TaskInfoFactory.executorId(app);
            List<TaskRecord> current = current(app, configuration);
            killReplaced(app, configuration);
            current = current(app, configuration);
            if (current.size() > app.instances()) {
                byKillSelection(current, app.killSelection()).stream().limit(current.size() - app.instances()).forEach(this::kill);
            }
            if (missing(app, configuration) > 0) {
                nowWaiting = true;
            }
            if (current.stream().anyMatch(t -> stable(app, t, now))) {
                delays.reset(app.id());
            }
        }
        tasks.all().stream().filter(t -> !known.contains(t.appId()) && !t.killRequested()).forEach(this::kill);
        sendDueKills();
        if (frameworkId == null) {
            return;
        }
        // REVIVE when an app starts waiting, suppressed or not: it also clears the filters of offers declined
        // while nothing waited (docs/scheduler-http-api.md), which would otherwise hold them back for 30 s
        if (nowWaiting && (!waiting || suppressed)) {
            send(Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.getDefaultInstance()));
            suppressed = false;
        } else if (!nowWaiting && !suppressed) {
            send(Call.newBuilder().setType(Call.Type.SUPPRESS).setSuppress(Call.Suppress.getDefaultInstance()));
            suppressed = true;
        }
        waiting = nowWaiting;
    }

    /**
     * How many instances of each waiting app one offer of a batch may take: the missing ones spread evenly over the
     * batch's offers (one per agent), so that 1,000 instances over 10 agents run in 10 executors, not in the first
     * agent's one. What an offer cannot take waits for the next offers.
     */
    private Map<AppId, Integer> fairShares(int offerCount) {
        Map<AppId, Integer> shares = new HashMap<>();
        for (AppDefinition app : progress.acting()) {
            int missing = missing(app, TaskInfoFactory.executorId(app));
            if (missing > 0) {
                shares.put(app.id(), (missing + offerCount - 1) / offerCount);
            }
        }
        return shares;
    }

    /** How many new tasks the app may launch now: the missing ones, within its upgrade bounds while it replaces. */
    private int missing(AppDefinition app, String configuration) {
        return moves(app, configuration).launch();
    }

    private RollingReplacement.Moves moves(AppDefinition app, String configuration) {
        return RollingReplacement.decide(app, tasks.of(app.id()), outdated(app, configuration));
    }

    private java.util.function.Predicate<TaskRecord> outdated(AppDefinition app, String configuration) {
        return progress.outdated(app, configuration);
    }

    private List<TaskInfo> place(Offer offer, Map<AppId, Integer> perOffer) {
        List<TaskInfo> launches = new ArrayList<>();
        Instant now = clock.instant();
        if (frameworkId == null || reconciling(now)) {
            return launches;
        }
        OfferResources remaining = OfferResources.of(offer);
        Set<String> executors = new HashSet<>();
        offer.getExecutorIdsList().forEach(e -> executors.add(e.getValue()));
        for (AppDefinition app : progress.acting()) {
            String configuration = TaskInfoFactory.executorId(app);
            int missing = Math.min(missing(app, configuration), perOffer.getOrDefault(app.id(), 0));
            while (missing > 0 && delays.mayLaunch(app.id(), configuration, now)) {
                if (!ConstraintChecker.allows(app.constraints(), offer, placedValues(app))) {
                    break;
                }
                String executorId = taskInfos.mesosExecutorId(app);
                boolean newExecutor = !executors.contains(executorId);
                double executorCpus = newExecutor ? taskInfos.executorSettings().cpus() : 0;
                double executorMem = newExecutor ? taskInfos.executorSettings().mem() : 0;
                Optional<OfferResources.Taken> taken = remaining.take(app.cpus() + executorCpus, app.mem() + executorMem,
                        app.disk(), requestedPorts(app));
                if (taken.isEmpty()) {
                    break;
                }
                remaining = taken.get().remaining();
                executors.add(executorId);
                TaskID taskId = TaskInfoFactory.newTaskId(app);
                // the intent is durable before the launch leaves: a restarted scheduler never launches it twice
                tasks.put(TaskRecord.intent(taskId.getValue(), app.id(), app.version(), configuration,
                        offer.getAgentId().getValue(), offer.getHostname(), taken.get().ports(), now)
                        .healthCheckedFromLaunch(!app.healthChecks().isEmpty())
                        .awaitingReadiness(app.readinessChecks().stream().map(ReadinessCheckSpec::name).toList()));
                launches.add(ResourceAllocation.asOffered(taskInfos.build(app, taskId, frameworkId, offer.getAgentId(),
                        taken.get().ports()), offer));
                metrics.launched();
                LOG.info("Launching {} of {} on {} (ports {})", taskId.getValue(), app.id(), offer.getHostname(), taken.get().ports());
                missing--;
            }
        }
        return launches;
    }

    private List<Map<String, String>> placedValues(AppDefinition app) {
        List<Map<String, String>> values = new ArrayList<>();
        for (TaskRecord t : active(app.id())) {
            Offer seen = lastOfferByAgent.get(t.agentId());
            values.add(seen != null ? ConstraintChecker.valuesOf(app.constraints(), seen) : Map.of("hostname", t.host()));
        }
        return values;
    }

    private static List<Integer> requestedPorts(AppDefinition app) {
        Optional<ContainerSpec> bridge = app.container().filter(c -> c.docker().network() == ContainerSpec.Network.BRIDGE);
        if (bridge.isPresent()) {
            return bridge.get().docker().portMappings().stream().map(ContainerSpec.PortMapping::hostPort).toList();
        }
        return app.portDefinitions().stream().map(p -> app.requirePorts() ? p.port() : 0).toList();
    }

    private boolean stable(AppDefinition app, TaskRecord t, Instant now) {
        boolean healthyEnough = !t.healthChecked() || t.healthy().orElse(false);
        return t.state() == TaskState.TASK_RUNNING && healthyEnough
                && t.startedAt().map(s -> !now.isBefore(s.plus(stableAfter))).orElse(false);
    }

    /** Kills the app's outdated tasks that its upgrade bounds let go now ({@link RollingReplacement}). */
    private void killReplaced(AppDefinition app, String configuration) {
        moves(app, configuration).kill().forEach(this::kill);
    }

    /**
     * A task that just became ready may let an old one of its app go now rather than at the next tick, and end its
     * deployment's step, which lets the next step's apps launch at once.
     */
    private void onceReady(TaskRecord before, TaskRecord after) {
        if (!after.serves() || before.serves()) {
            return;
        }
        progress.acting(after.appId()).ifPresent(app -> killReplaced(app, TaskInfoFactory.executorId(app)));
        if (progress.finishReached(clock.instant())) {
            tick();
        }
    }

    /** The app's active tasks that are not to be replaced. */
    private List<TaskRecord> current(AppDefinition app, String configuration) {
        var outdated = outdated(app, configuration);
        return active(app.id()).stream().filter(t -> !outdated.test(t)).toList();
    }

    /** Tasks that count toward their app: not ended, not being killed, not unreachable. */
    private List<TaskRecord> active(AppId app) {
        return tasks.of(app).stream().filter(TaskRecord::countsTowardApp).toList();
    }

    private static List<TaskRecord> byKillSelection(List<TaskRecord> tasks, KillSelection selection) {
        return tasks.stream().sorted(selection == KillSelection.OLDEST_FIRST ? TaskRecord.OLDEST_FIRST : TaskRecord.OLDEST_FIRST.reversed()).toList();
    }

    /** Announces the kill at once (instance_changed_event Killing) and sends it after the drain delay. */
    private void kill(TaskRecord task) {
        TaskRecord doomed = task.withKillRequested();
        tasks.put(doomed);
        events.publish(MarathonEvents.instanceChanged(doomed, "Killing", clock.instant()));
        if (drainDelay.isZero()) {
            kill(task.taskId(), task.agentId());
        } else {
            drainingUntil.put(task.taskId(), clock.instant().plus(drainDelay));
        }
    }

    /** Sends the kills whose drain delay has passed; the owner calls it often (every tick does too). */
    public void sendDueKills() {
        sendKillsDueBy(clock.instant());
    }

    /** How many announced kills wait for their drain delay, and when the last of those delays ends. */
    public OwedKills owedKills() {
        return new OwedKills(drainingUntil.size(), drainingUntil.values().stream().max(Instant::compareTo));
    }

    /** Every announced kill that waits, sent now, drain delays cut short (Pacer is stopping); returns how many. */
    public int sendOwedKills() {
        return sendKillsDueBy(Instant.MAX);
    }

    /** Kills announced and not yet sent to Mesos. */
    public record OwedKills(int count, Optional<Instant> lastDrainEnds) {
    }

    private int sendKillsDueBy(Instant moment) {
        int sent = 0;
        var due = drainingUntil.entrySet().iterator();
        while (due.hasNext()) {
            var entry = due.next();
            if (!entry.getValue().isAfter(moment)) {
                due.remove();
                Optional<TaskRecord> task = tasks.get(entry.getKey());
                task.ifPresent(t -> kill(t.taskId(), t.agentId()));
                sent += task.isPresent() ? 1 : 0;
            }
        }
        return sent;
    }

    private void kill(String taskId, String agentId) {
        LOG.info("Killing task {}", taskId);
        metrics.killed();
        send(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(AgentID.newBuilder().setValue(agentId))));
    }

    /**
     * Short while an app waits for a launch, as the last tick found (a rolling replacement waits while as many tasks
     * as it asks for still run: its old ones), so that an offer declined during a backoff comes back when it ends.
     */
    private double refuseSeconds() {
        return waiting || reconciling(clock.instant()) ? BUSY_REFUSE_SECONDS : IDLE_REFUSE_SECONDS;
    }

    /** Whether known tasks still wait for Mesos's answer, within the timeout (which, once passed, is logged once). */
    private boolean reconciling(Instant now) {
        if (unreconciled.isEmpty()) {
            return false;
        }
        if (now.isBefore(reconcileUntil)) {
            return true;
        }
        LOG.warn("Mesos has not answered for {} task(s) within {} s of subscribing (e.g. {}): deciding on what Pacer knows",
                unreconciled.size(), RECONCILIATION_TIMEOUT.toSeconds(), unreconciled.iterator().next());
        unreconciled.clear();
        return false;
    }

    /**
     * States after which a task no longer runs: Mesos's terminal states, plus TASK_UNKNOWN, the answer to an
     * explicit reconciliation for a task the master does not know (docs/reconciliation.md).
     */
    private static boolean ended(TaskState state) {
        return io.pacer.scheduler.task.TaskStates.isTerminal(state) || state == TaskState.TASK_UNKNOWN;
    }

    private void send(Call.Builder call) {
        if (frameworkId != null) {
            call.setFrameworkId(frameworkId);
        }
        mesos.send(call.build());
    }
}
