package io.pacer.executor.driver;

import com.google.protobuf.ByteString;
import io.pacer.executor.task.TaskUpdate;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesos's reliable status updates, executor side (docs/executor-http-api.md; src/launcher/executor.cpp): each
 * update gets a fresh 16-byte uuid, SOURCE_EXECUTOR, the executor id and a timestamp, and is kept until the agent
 * ACKNOWLEDGED it; whatever is kept goes into the next SUBSCRIBE. Calls go out one after another, so the agent
 * sees a task's updates in the order they happened.
 */
public final class StatusUpdateSender {
    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateSender.class);

    private final FrameworkID frameworkId;
    private final ExecutorID executorId;
    private final Map<ByteString, Call.Update> unacknowledged = new LinkedHashMap<>();
    private final Set<ByteString> inLastSubscribe = new HashSet<>();
    private AgentConnection connection;
    private boolean subscribed;
    private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);

    public StatusUpdateSender(String frameworkId, String executorId) {
        this.frameworkId = FrameworkID.newBuilder().setValue(frameworkId).build();
        this.executorId = ExecutorID.newBuilder().setValue(executorId).build();
    }

    synchronized void attach(AgentConnection value) {
        connection = value;
    }

    /** What the next SUBSCRIBE hands over: every update not acknowledged yet. */
    synchronized List<Call.Update> forSubscribe() {
        inLastSubscribe.clear();
        inLastSubscribe.addAll(unacknowledged.keySet());
        return new ArrayList<>(unacknowledged.values());
    }

    /** Updates are sent from now on; those kept after the SUBSCRIBE call was built are sent now. */
    synchronized void subscribed() {
        subscribed = true;
        for (Call.Update update : new ArrayList<>(unacknowledged.values())) {
            if (!inLastSubscribe.contains(update.getStatus().getUuid())) {
                transmit(update);
            }
        }
    }

    /** Kept updates wait for the next SUBSCRIBE. */
    synchronized void disconnected() {
        subscribed = false;
    }

    /** Turns {@code update} into a TaskStatus, keeps it and, when subscribed, sends it. */
    public synchronized TaskStatus send(TaskUpdate update) {
        TaskStatus status = status(update);
        Call.Update call = Call.Update.newBuilder().setStatus(status).build();
        unacknowledged.put(status.getUuid(), call);
        LOG.info("Task {} is {}{}: {}", update.taskId(), update.state(),
                update.healthy().map(h -> h ? " (healthy)" : " (unhealthy)").orElse(""), update.message());
        if (subscribed) {
            transmit(call);
        }
        return status;
    }

    private void transmit(Call.Update update) {
        AgentConnection target = connection;
        if (target == null) {
            return;
        }
        Call envelope = Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(frameworkId).setExecutorId(executorId)
                .setUpdate(update).build();
        TaskStatus status = update.getStatus();
        lastSend = lastSend.handle((ok, error) -> null).thenCompose(ignored -> target.send(envelope))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("Update {} of task {} not delivered yet, kept for the next subscription: {}",
                                status.getState(), status.getTaskId().getValue(), error.getMessage());
                    }
                });
    }

    /** The agent has the update: forget it. Returns it, if it was kept. */
    public synchronized Optional<TaskStatus> acknowledged(ByteString uuid) {
        return Optional.ofNullable(unacknowledged.remove(uuid)).map(Call.Update::getStatus);
    }

    public synchronized boolean allAcknowledged() {
        return unacknowledged.isEmpty();
    }

    private TaskStatus status(TaskUpdate update) {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(update.taskId()))
                .setState(update.state())
                .setMessage(update.message())
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setExecutorId(executorId)
                .setTimestamp(System.currentTimeMillis() / 1000.0)
                .setUuid(ByteString.copyFrom(bytes.array()));
        update.reason().ifPresent(status::setReason);
        update.healthy().ifPresent(status::setHealthy);
        if (!update.labels().isEmpty()) {
            Labels.Builder labels = Labels.newBuilder();
            update.labels().forEach((k, v) -> labels.addLabels(Label.newBuilder().setKey(k).setValue(v)));
            status.setLabels(labels);
        }
        return status.build();
    }
}
