package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.pacer.localcluster.StatusUpdate;
import io.pacer.mesos.MesosApi;
import io.pacer.mesos.MesosSubscription;
import io.pacer.mesos.ReconnectPolicy;
import io.pacer.mesos.SubscriptionListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The test itself acting as an executor: the cluster starts a process that never subscribes (so it holds the
 * executor's place), and this client subscribes in its stead, to send exactly the calls a test needs.
 */
final class ExecutorDriver implements AutoCloseable {
    private final FrameworkID frameworkId;
    private final ExecutorID executorId;
    private final List<Event> events = new ArrayList<>();
    private final MesosSubscription<Call, Event> subscription;

    private ExecutorDriver(URI agent, FrameworkID frameworkId, ExecutorID executorId) {
        this.frameworkId = frameworkId;
        this.executorId = executorId;
        this.subscription = MesosSubscription.start(agent, MesosApi.executor(),
                () -> call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.getDefaultInstance()).build(),
                new SubscriptionListener<>() {
                    @Override
                    public void onEvent(Event event) {
                        synchronized (events) {
                            events.add(event);
                            events.notifyAll();
                        }
                    }
                }, ReconnectPolicy.never(), MesosSubscription.Settings.defaults());
    }

    /** An executor whose process only holds its place. */
    static ExecutorInfo.Builder placeholder(String id) {
        ExecutorInfo.Builder executor = Tasks.executor(id);
        executor.getCommandBuilder().setEnvironment(Environment.newBuilder().addVariables(
                Environment.Variable.newBuilder().setName("TEST_EXECUTOR_MODE").setValue("never-subscribe")));
        return executor;
    }

    static URI agentOf(Offer offer) {
        return URI.create("http://" + offer.getUrl().getAddress().getIp() + ":" + offer.getUrl().getAddress().getPort());
    }

    /** Subscribes and checks the SUBSCRIBED event names this executor, its framework and the agent. */
    static ExecutorDriver subscribe(URI agent, FrameworkID frameworkId, ExecutorID executorId) {
        ExecutorDriver driver = new ExecutorDriver(agent, frameworkId, executorId);
        Event.Subscribed subscribed = driver.await(Event.Type.SUBSCRIBED).getSubscribed();
        assertThat(subscribed.getExecutorInfo().getExecutorId()).isEqualTo(executorId);
        assertThat(subscribed.getFrameworkInfo().getId()).isEqualTo(frameworkId);
        assertThat(subscribed.getAgentInfo().getPort()).isEqualTo(agent.getPort());
        assertThat(subscribed.getContainerId().getValue()).isNotEmpty();
        return driver;
    }

    Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
    }

    static TaskStatus.Builder status(TaskID task, TaskState state) {
        return TaskStatus.newBuilder().setTaskId(task).setState(state).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(StatusUpdate.randomUuid());
    }

    CompletableFuture<byte[]> update(TaskStatus.Builder status) {
        return subscription.send(call(Call.Type.UPDATE).setUpdate(Call.Update.newBuilder().setStatus(status)).build());
    }

    CompletableFuture<byte[]> message(ByteString data) {
        return subscription.send(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(data)).build());
    }

    Event await(Event.Type type) {
        long deadline = System.nanoTime() + TestScheduler.WAIT.toNanos();
        synchronized (events) {
            while (true) {
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).getType() == type) {
                        return events.remove(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no " + type + " event within " + TestScheduler.WAIT.toMillis() + " ms; got " + events);
                }
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted");
                }
            }
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
