package io.pacer.localcluster.master;

import com.google.protobuf.ByteString;
import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.LocalClusterConfig;
import io.pacer.localcluster.StatusUpdate;
import io.pacer.localcluster.agent.Agent;
import io.pacer.localcluster.agent.MasterChannel;
import io.pacer.localcluster.http.EventStream;
import io.pacer.localcluster.resources.Resources;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.OperationState;
import org.apache.mesos.v1.Protos.OperationStatus;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master: frameworks, offers, tasks as the scheduler API sees them, modelled on src/master/master.cpp. Every
 * method runs on the {@link ClusterLoop}; {@link SchedulerEndpoint} has validated the call before it gets here.
 */
public final class Master implements MasterChannel {
    private static final Logger LOG = LoggerFactory.getLogger(Master.class);

    private record ExecutorKey(AgentID agent, FrameworkID framework, ExecutorID executor) {
    }

    private final LocalClusterConfig config;
    private final ClusterLoop loop;
    private final MasterInfo info;
    private final FrameworkRegistry frameworks;
    private final OfferAllocator allocator;
    private final Map<AgentID, Agent> agents = new LinkedHashMap<>();
    private final Map<ExecutorKey, Resources> executorResources = new HashMap<>();
    private final OfferBook offers;

    public Master(LocalClusterConfig config, ClusterLoop loop, MasterInfo info) {
        this.config = config;
        this.loop = loop;
        this.info = info;
        this.frameworks = new FrameworkRegistry(info.getId());
        this.allocator = new OfferAllocator(loop.clock());
        this.offers = new OfferBook(info.getId(), loop, config.offerTimeout(), allocator, frameworks, agents);
    }

    public static MasterInfo masterInfo(String host, int port) {
        return MasterInfo.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setIp(ipv4InNetworkOrder(host))
                .setPort(port)
                .setHostname(host)
                .setVersion("1.11.0")
                .setAddress(Address.newBuilder().setHostname(host).setIp(host).setPort(port))
                .build();
    }

    /** MasterInfo.ip is the IPv4 address's {@code s_addr} read as a little-endian uint32, as Mesos fills it in. */
    private static int ipv4InNetworkOrder(String host) {
        try {
            byte[] a = InetAddress.getByName(host).getAddress();
            return a.length != 4 ? 0 : (a[0] & 0xff) | (a[1] & 0xff) << 8 | (a[2] & 0xff) << 16 | (a[3] & 0xff) << 24;
        } catch (UnknownHostException e) {
            return 0;
        }
    }

    public MasterInfo info() {
        return info;
    }

    /** Starts heartbeats and periodic allocation; call once all agents are added. */
    public void start() {
        loop.every(config.heartbeatInterval(), this::heartbeat);
        loop.every(config.allocationInterval(), offers::allocate);
    }

    public void addAgent(Agent agent) {
        agents.put(agent.id(), agent);
        allocator.addAgent(agent.id(), agent.totalResources());
        LOG.info("Agent {} registered with {}", agent.id().getValue(), agent.totalResources());
    }

    @Override
    public void taskRecovered(AgentID agentId, FrameworkInfo frameworkInfo, TaskInfo task, TaskState state, boolean newExecutor) {
        Framework framework = frameworks.get(frameworkInfo.getId()).orElseGet(() -> {
            Framework f = new Framework(frameworkInfo.getId(), frameworkInfo);
            frameworks.add(f);
            // As after a master failover: the framework must re-subscribe within its failover timeout.
            f.failoverTimer = loop.schedule(failoverTimeout(f), () -> failoverTimedOut(f));
            return f;
        });
        Resources resources = Resources.fromProtos(task.getResourcesList());
        MasterTask recovered = new MasterTask(task, agentId, resources);
        recovered.state = state;
        framework.tasks.put(task.getTaskId(), recovered);
        if (StatusUpdate.isTerminal(state)) {
            recovered.resourcesRecovered = true;
        } else {
            allocator.use(agentId, resources);
        }
        if (newExecutor) {
            useExecutorResources(agentId, framework.id, task.getExecutor());
        }
    }

    OfferBook offers() {
        return offers;
    }

    Optional<Framework> framework(FrameworkID id) {
        return frameworks.get(id);
    }

    // ---- SUBSCRIBE and the framework's lifetime ----

    void subscribe(EventStream stream, String streamId, Call.Subscribe subscribe) {
        FrameworkInfo requested = subscribe.getFrameworkInfo();
        Optional<String> invalid = invalidRoles(requested);
        if (invalid.isPresent()) {
            LOG.info("Refusing subscription of framework '{}': {}", requested.getName(), invalid.get());
            stream.sendAndClose(error(invalid.get()));
            return;
        }
        if (requested.hasId() && frameworks.wasRemoved(requested.getId())) {
            LOG.info("Refusing subscription of removed framework {}", requested.getId().getValue());
            stream.sendAndClose(error("Framework has been removed"));
            return;
        }
        Framework framework;
        if (requested.hasId() && frameworks.get(requested.getId()).isPresent()) {
            framework = frameworks.get(requested.getId()).get();
            failOver(framework, requested);
        } else {
            FrameworkID id = requested.hasId() ? requested.getId() : frameworks.newId();
            framework = new Framework(id, requested.toBuilder().setId(id).build());
            frameworks.add(framework);
            LOG.info("Framework {} subscribed with role {}", framework, framework.role());
        }
        framework.stream = stream;
        framework.streamId = streamId;
        framework.suppressed = subscribe.getSuppressedRolesList().contains(framework.role());
        stream.onClose(() -> loop.execute(() -> streamClosed(framework, stream)));
        stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder()
                        .setFrameworkId(framework.id)
                        .setHeartbeatIntervalSeconds(config.heartbeatInterval().toNanos() / 1e9)
                        .setMasterInfo(info))
                .build());
        offers.allocate();
    }

    /** src/master/validation.cpp {@code framework::internal::validateRoles}: 'role' xor 'roles', by MULTI_ROLE. */
    @SuppressWarnings("deprecation") // FrameworkInfo.role: checked because Mesos checks it
    private static Optional<String> invalidRoles(FrameworkInfo info) {
        boolean multiRole = info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole && info.hasRole()) {
            return Optional.of("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
        }
        if (!multiRole && info.getRolesCount() > 0) {
            return Optional.of("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
        }
        if (info.getRolesList().stream().distinct().count() != info.getRolesCount()) {
            return Optional.of("'FrameworkInfo.roles' contains duplicate items");
        }
        return Optional.empty();
    }

    /** Re-subscription with a known id: the old connection is told and closed (src/master/master.cpp {@code failoverFramework}). */
    private void failOver(Framework framework, FrameworkInfo requested) {
        if (framework.failoverTimer != null) {
            framework.failoverTimer.cancel();
            framework.failoverTimer = null;
        }
        if (framework.stream != null) {
            EventStream old = framework.stream;
            framework.stream = null;
            old.sendAndClose(error("Framework failed over"));
        }
        // The offers went to the old connection; take them back quietly.
        offers.takeBackAll(framework);
        // 'user' and 'checkpoint' cannot change on re-subscription (docs/scheduler-http-api.md).
        framework.info = requested.toBuilder()
                .setUser(framework.info.getUser())
                .setCheckpoint(framework.info.getCheckpoint())
                .build();
        agents.values().forEach(a -> a.updateFramework(framework.info));
        LOG.info("Framework {} re-subscribed (failed over) with role {}", framework, framework.role());
    }

    private void streamClosed(Framework framework, EventStream stream) {
        if (framework.stream != stream) {
            return;
        }
        framework.stream = null;
        framework.streamId = null;
        offers.takeBackAll(framework);
        Duration timeout = failoverTimeout(framework);
        LOG.info("Framework {} disconnected; removing it unless it re-subscribes within {}", framework, timeout);
        framework.failoverTimer = loop.schedule(timeout, () -> failoverTimedOut(framework));
    }

    private static Duration failoverTimeout(Framework framework) {
        return Duration.ofNanos((long) (framework.info.getFailoverTimeout() * 1e9));
    }

    private void failoverTimedOut(Framework framework) {
        if (!framework.connected() && frameworks.get(framework.id).isPresent()) {
            LOG.info("Framework {} did not re-subscribe within its failover timeout", framework);
            remove(framework);
        }
    }

    void teardown(Framework framework) {
        LOG.info("Framework {} asked to be torn down", framework);
        remove(framework);
    }

    /** Removes the framework, shuts down its executors and forgets its tasks (src/master/master.cpp {@code removeFramework}). */
    private void remove(Framework framework) {
        if (framework.failoverTimer != null) {
            framework.failoverTimer.cancel();
        }
        for (MasterTask task : framework.tasks.values()) {
            releaseTaskResources(task);
        }
        framework.tasks.clear();
        frameworks.remove(framework);
        offers.forget(framework);
        agents.values().forEach(a -> a.shutdownFramework(framework.id));
        if (framework.stream != null) {
            framework.stream.close();
            framework.stream = null;
        }
        LOG.info("Framework {} removed", framework);
        offers.allocate();
    }

    private void heartbeat() {
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        frameworks.all().forEach(f -> f.send(heartbeat));
    }

    /** UPDATE_FRAMEWORK: a new FrameworkInfo and suppressed roles; returns why the update is refused, if it is. */
    Optional<String> updateFramework(Framework framework, Call.UpdateFramework update) {
        FrameworkInfo next = update.getFrameworkInfo();
        // src/master/validation.cpp framework::validateUpdate
        if (!next.getPrincipal().equals(framework.info.getPrincipal())) {
            return Optional.of("Changing framework's principal is not allowed.");
        }
        if (!next.getUser().equals(framework.info.getUser())) {
            return Optional.of("Updating 'FrameworkInfo.user' is unsupported; attempted to update from '"
                    + framework.info.getUser() + "' to '" + next.getUser() + "'");
        }
        if (next.getCheckpoint() != framework.info.getCheckpoint()) {
            return Optional.of("Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from '"
                    + framework.info.getCheckpoint() + "' to '" + next.getCheckpoint() + "'");
        }
        framework.info = next;
        framework.suppressed = update.getSuppressedRolesList().contains(framework.role());
        agents.values().forEach(a -> a.updateFramework(next));
        LOG.info("Framework {} updated its FrameworkInfo", framework);
        offers.allocate();
        return Optional.empty();
    }

    // ---- ACCEPT ----

    /** src/master/master.cpp {@code accept} and {@code _accept}, for LAUNCH; other operations are refused. */
    void accept(Framework framework, Call.Accept accept) {
        Optional<String> invalid = validateOffers(framework, accept.getOfferIdsList());
        if (invalid.isPresent()) {
            offers.discard(framework, accept.getOfferIdsList());
            LOG.warn("ACCEPT call used invalid offers {}: {}", accept.getOfferIdsList().stream().map(OfferID::getValue).toList(), invalid.get());
            TaskState state = framework.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST;
            for (Offer.Operation operation : accept.getOperationsList()) {
                for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                    sendMasterUpdate(framework, Optional.of(task.getAgentId()), task.getTaskId(), state,
                            "Task launched with invalid offers: " + invalid.get(), TaskStatus.Reason.REASON_INVALID_OFFERS);
                }
            }
            offers.allocate();
            return;
        }
        AgentID agentId = framework.offers.get(accept.getOfferIds(0)).getAgentId();
        Agent agent = agents.get(agentId);
        Resources remaining = offers.take(framework, accept.getOfferIdsList());
        for (Offer.Operation operation : accept.getOperationsList()) {
            remaining = apply(framework, agent, operation, remaining);
        }
        offers.refuse(framework, agentId, remaining, accept.getFilters());
        offers.allocate();
    }

    private Optional<String> validateOffers(Framework framework, List<OfferID> offerIds) {
        if (offerIds.isEmpty()) {
            return Optional.of("No offers specified");
        }
        Set<OfferID> seen = new HashSet<>();
        AgentID agent = null;
        for (OfferID id : offerIds) {
            if (!seen.add(id)) {
                return Optional.of("Duplicate offer " + id.getValue() + " in offer list");
            }
            Offer offer = framework.offers.get(id);
            if (offer == null) {
                return Optional.of("Offer " + id.getValue() + " is no longer valid");
            }
            if (agent != null && !agent.equals(offer.getAgentId())) {
                return Optional.of("Aggregated offers must belong to one single agent. Offer " + id.getValue()
                        + " uses agent " + offer.getAgentId().getValue() + " and agent " + agent.getValue());
            }
            agent = offer.getAgentId();
        }
        return Optional.empty();
    }

    private Resources apply(Framework framework, Agent agent, Offer.Operation operation, Resources remaining) {
        switch (operation.getType()) {
            case LAUNCH -> {
                Resources left = remaining;
                for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                    left = launch(framework, agent, task, left, operation.hasId());
                }
                return left;
            }
            case LAUNCH_GROUP -> {
                for (TaskInfo task : operation.getLaunchGroup().getTaskGroup().getTasksList()) {
                    sendMasterUpdate(framework, Optional.of(task.getAgentId()), task.getTaskId(), TaskState.TASK_ERROR,
                            "LAUNCH_GROUP is not supported by the local cluster: launch tasks with LAUNCH and a CUSTOM executor",
                            TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
                }
                return remaining;
            }
            default -> {
                drop(framework, operation, operation.getType() + " operations are not supported by the local cluster");
                return remaining;
            }
        }
    }

    /**
     * Refuses an operation as Mesos's {@code Master::drop} does: logged, and reported as OPERATION_ERROR (without
     * uuid: not to be acknowledged) when the framework asked for feedback by giving the operation an id.
     */
    private void drop(Framework framework, Offer.Operation operation, String message) {
        LOG.warn("Dropping {} operation from framework {}: {}", operation.getType(), framework, message);
        if (operation.hasId()) {
            framework.send(Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS)
                    .setUpdateOperationStatus(Event.UpdateOperationStatus.newBuilder().setStatus(OperationStatus.newBuilder()
                            .setOperationId(operation.getId())
                            .setState(OperationState.OPERATION_ERROR)
                            .setMessage(message)))
                    .build());
        }
    }

    private Resources launch(Framework framework, Agent agent, TaskInfo requested, Resources available, boolean operationHasId) {
        TaskInfo task = requested;
        if (task.hasExecutor() && !task.getExecutor().hasFrameworkId()) {
            // The master fills in ExecutorInfo.framework_id before validating (src/master/master.cpp _accept).
            task = task.toBuilder().setExecutor(task.getExecutor().toBuilder().setFrameworkId(framework.id)).build();
        }
        Optional<String> error = operationHasId
                ? Optional.of("The `id` field cannot be set on LAUNCH operations")
                : LaunchValidator.validate(task, framework, agent, available);
        if (error.isPresent()) {
            LOG.warn("Task {} of framework {} is invalid: {}", task.getTaskId().getValue(), framework, error.get());
            sendMasterUpdate(framework, Optional.of(task.getAgentId()), task.getTaskId(), TaskState.TASK_ERROR, error.get(),
                    TaskStatus.Reason.REASON_TASK_INVALID);
            return available;
        }
        Resources taskResources = Resources.fromProtos(task.getResourcesList());
        Resources used = taskResources;
        boolean newExecutor = !agent.hasExecutor(framework.id, task.getExecutor().getExecutorId());
        if (newExecutor) {
            used = used.plus(useExecutorResources(agent.id(), framework.id, task.getExecutor()));
        }
        allocator.use(agent.id(), taskResources);
        framework.tasks.put(task.getTaskId(), new MasterTask(task, agent.id(), taskResources));
        LOG.info("Launching task {} of framework {} on agent {} with {}", task.getTaskId().getValue(), framework, agent.id().getValue(), used);
        agent.runTask(framework.info, task);
        return available.minus(used);
    }

    private Resources useExecutorResources(AgentID agent, FrameworkID framework, ExecutorInfo executor) {
        Resources resources = Resources.fromProtos(executor.getResourcesList());
        allocator.use(agent, resources);
        executorResources.put(new ExecutorKey(agent, framework, executor.getExecutorId()), resources);
        return resources;
    }

    // ---- tasks ----

    void kill(Framework framework, Call.Kill kill) {
        MasterTask task = framework.tasks.get(kill.getTaskId());
        if (task == null) {
            LOG.warn("Cannot kill task {} of framework {} because it is unknown; performing reconciliation", kill.getTaskId().getValue(), framework);
            Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId());
            if (kill.hasAgentId()) {
                t.setAgentId(kill.getAgentId());
            }
            reconcile(framework, Call.Reconcile.newBuilder().addTasks(t).build());
            return;
        }
        if (kill.hasAgentId() && !kill.getAgentId().equals(task.agentId)) {
            LOG.warn("Cannot kill task {} of agent {} of framework {} because it belongs to agent {}",
                    kill.getTaskId().getValue(), kill.getAgentId().getValue(), framework, task.agentId.getValue());
            return;
        }
        LOG.info("Telling agent {} to kill task {} of framework {}", task.agentId.getValue(), kill.getTaskId().getValue(), framework);
        agents.get(task.agentId).killTask(framework.id, kill.getTaskId(), kill.hasKillPolicy() ? Optional.of(kill.getKillPolicy()) : Optional.empty());
    }

    void shutdown(Framework framework, Call.Shutdown shutdown) {
        Agent agent = agents.get(shutdown.getAgentId());
        if (agent == null) {
            LOG.warn("Cannot shut down executor {} of framework {}: unknown agent {}", shutdown.getExecutorId().getValue(), framework, shutdown.getAgentId().getValue());
            return;
        }
        agent.shutdownExecutor(framework.id, shutdown.getExecutorId());
    }

    void acknowledge(Framework framework, Call.Acknowledge ack) {
        if (ack.getUuid().size() != 16) {
            LOG.warn("Ignoring status update acknowledgement for task {} of framework {}: the uuid is not 16 bytes", ack.getTaskId().getValue(), framework);
            return;
        }
        Agent agent = agents.get(ack.getAgentId());
        if (agent == null) {
            LOG.warn("Ignoring status update acknowledgement for task {} of framework {}: unknown agent {}", ack.getTaskId().getValue(), framework, ack.getAgentId().getValue());
            return;
        }
        agent.acknowledge(framework.id, ack.getTaskId(), ack.getUuid());
        MasterTask task = framework.tasks.get(ack.getTaskId());
        // A task leaves the master once its terminal update is acknowledged (src/master/master.cpp acknowledge).
        if (task != null && task.lastStatus != null && StatusUpdate.isTerminal(task.statusUpdateState)
                && task.lastStatus.getUuid().equals(ack.getUuid())) {
            framework.tasks.remove(ack.getTaskId());
            releaseTaskResources(task);
        }
    }

    /** src/master/master.cpp {@code reconcile}: explicit for the listed tasks, implicit (all tasks) for none. */
    void reconcile(Framework framework, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (MasterTask task : framework.tasks.values()) {
                framework.send(update(reconciliationStatus(framework, task)));
            }
            return;
        }
        for (Call.Reconcile.Task t : reconcile.getTasksList()) {
            MasterTask task = framework.tasks.get(t.getTaskId());
            if (task != null) {
                framework.send(update(reconciliationStatus(framework, task)));
                continue;
            }
            TaskState unknown = framework.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
            String message = "Reconciliation: Task is unknown";
            Optional<AgentID> agentId = t.hasAgentId() ? Optional.of(t.getAgentId()) : Optional.empty();
            if (agentId.isPresent() && agents.containsKey(agentId.get())) {
                unknown = framework.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST;
                message = "Reconciliation: Task is unknown to the agent";
            }
            sendMasterUpdate(framework, agentId, t.getTaskId(), unknown, message, TaskStatus.Reason.REASON_RECONCILIATION);
        }
    }

    private StatusUpdate reconciliationStatus(Framework framework, MasterTask task) {
        StatusUpdate update = StatusUpdate.create(loop.clock(), framework.id, Optional.of(task.agentId), task.info.getTaskId(),
                task.reportedState(), TaskStatus.Source.SOURCE_MASTER, false, "Reconciliation: Latest task state",
                TaskStatus.Reason.REASON_RECONCILIATION, Optional.of(task.info.getExecutor().getExecutorId()));
        if (task.lastStatus != null && task.lastStatus.hasHealthy()) {
            return new StatusUpdate(update.frameworkId(), update.status().toBuilder().setHealthy(task.lastStatus.getHealthy()).build());
        }
        return update;
    }

    void message(Framework framework, Call.Message message) {
        Agent agent = agents.get(message.getAgentId());
        if (agent == null) {
            LOG.warn("Dropping message for executor {} of framework {}: unknown agent {}", message.getExecutorId().getValue(), framework, message.getAgentId().getValue());
            return;
        }
        agent.frameworkMessage(framework.id, message.getExecutorId(), message.getData());
    }

    private void sendMasterUpdate(Framework framework, Optional<AgentID> agentId, TaskID taskId, TaskState state, String message, TaskStatus.Reason reason) {
        StatusUpdate update = StatusUpdate.create(loop.clock(), framework.id, agentId, taskId, state, TaskStatus.Source.SOURCE_MASTER,
                false, message, reason, Optional.empty());
        framework.send(update(update));
    }

    private void releaseTaskResources(MasterTask task) {
        if (!task.resourcesRecovered) {
            task.resourcesRecovered = true;
            allocator.recover(task.agentId, task.resources);
        }
    }

    // ---- from the agents ----

    @Override
    public void forward(AgentID agentId, StatusUpdate update, TaskState latestState) {
        Optional<Framework> found = frameworks.get(update.frameworkId());
        if (found.isEmpty()) {
            LOG.warn("Dropping status update {} of task {}: framework {} is unknown", update.state(), update.taskId().getValue(), update.frameworkId().getValue());
            return;
        }
        Framework framework = found.get();
        MasterTask task = framework.tasks.get(update.taskId());
        if (task != null) {
            task.state = latestState;
            task.statusUpdateState = update.state();
            task.lastStatus = update.status();
            if (StatusUpdate.isTerminal(latestState)) {
                releaseTaskResources(task);
                offers.allocate();
            }
        }
        LOG.info("Forwarding status update {} of task {} to framework {}", update.state(), update.taskId().getValue(), framework);
        framework.send(update(update));
    }

    @Override
    public void executorMessage(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ByteString data) {
        frameworks.get(frameworkId).ifPresent(f -> f.send(Event.newBuilder().setType(Event.Type.MESSAGE)
                .setMessage(Event.Message.newBuilder().setAgentId(agentId).setExecutorId(executorId).setData(data)).build()));
    }

    @Override
    public void executorTerminated(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, OptionalInt waitStatus) {
        Resources resources = executorResources.remove(new ExecutorKey(agentId, frameworkId, executorId));
        if (resources != null) {
            allocator.recover(agentId, resources);
        }
        frameworks.get(frameworkId).ifPresent(f -> {
            Event.Failure.Builder failure = Event.Failure.newBuilder().setAgentId(agentId).setExecutorId(executorId);
            waitStatus.ifPresent(failure::setStatus);
            f.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(failure).build());
        });
        offers.allocate();
    }

    // ---- events ----

    private static Event update(StatusUpdate update) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(update.status())).build();
    }

    private static Event error(String message) {
        return Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message)).build();
    }
}
