package io.pacer.localcluster.testexecutor;

import com.google.protobuf.ByteString;
import io.pacer.mesos.MesosApi;
import io.pacer.mesos.MesosDuration;
import io.pacer.mesos.MesosSubscription;
import io.pacer.mesos.ReconnectPolicy;
import io.pacer.mesos.SubscriptionListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A small custom executor for the conformance tests, run as a process of its own by the cluster under test. It
 * speaks the v1 executor API through {@link MesosSubscription}, keeps its unacknowledged updates and tasks for
 * re-subscription as docs/executor-http-api.md asks, and acts on each task's {@code behaviour} label:
 * <ul>
 *   <li>{@code run} (default): TASK_RUNNING, then TASK_KILLED when killed;</li>
 *   <li>{@code finish} / {@code fail}: TASK_RUNNING, then TASK_FINISHED / TASK_FAILED;</li>
 *   <li>{@code ignore-kill}: TASK_RUNNING, and ignores KILL and SHUTDOWN;</li>
 *   <li>{@code exit:N}: TASK_RUNNING, then exits with code N once that update is acknowledged;</li>
 *   <li>{@code spawn-child}: starts a {@code sleep} child and reports its pid in TASK_RUNNING's message;</li>
 *   <li>{@code shell:CMD}: starts {@code sh -c CMD} as a child (its output in the sandbox's stdout), reports its pid
 *   the same way, and keeps running whatever the child does.</li>
 * </ul>
 * TASK_RUNNING carries the executor's environment in {@code data} (as java.util.Properties text). A MESSAGE is
 * echoed back. With TEST_EXECUTOR_MODE=never-subscribe in its environment it never subscribes.
 */
public final class TestExecutor {
    /** No test runs longer; an executor that outlives its test ends itself. */
    private static final Duration FAIL_SAFE = Duration.ofMinutes(3);

    private final FrameworkID frameworkId = FrameworkID.newBuilder().setValue(System.getenv("MESOS_FRAMEWORK_ID")).build();
    private final ExecutorID executorId = ExecutorID.newBuilder().setValue(System.getenv("MESOS_EXECUTOR_ID")).build();
    private final Map<ByteString, Call.Update> unacknowledgedUpdates = new ConcurrentHashMap<>();
    private final Map<TaskID, TaskInfo> unacknowledgedTasks = new ConcurrentHashMap<>();
    private final Map<TaskID, TaskInfo> tasks = new ConcurrentHashMap<>();
    private final Map<ByteString, Integer> exitOnAck = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-executor");
        t.setDaemon(true);
        return t;
    });
    private MesosSubscription<Call, Event> subscription;

    public static void main(String[] args) throws Exception {
        Thread failSafe = new Thread(() -> {
            sleep(FAIL_SAFE);
            Runtime.getRuntime().halt(99);
        });
        failSafe.setDaemon(true);
        failSafe.start();
        if ("never-subscribe".equals(System.getenv("TEST_EXECUTOR_MODE"))) {
            sleep(FAIL_SAFE);
            return;
        }
        new TestExecutor().run();
        Thread.currentThread().join();
    }

    private void run() {
        boolean checkpoint = "1".equals(System.getenv("MESOS_CHECKPOINT"));
        ReconnectPolicy reconnect = checkpoint
                ? ReconnectPolicy.withinRecoveryTimeout(MesosDuration.parse(System.getenv("MESOS_SUBSCRIPTION_BACKOFF_MAX")),
                        MesosDuration.parse(System.getenv("MESOS_RECOVERY_TIMEOUT")))
                : ReconnectPolicy.never();
        URI agent = URI.create("http://" + System.getenv("MESOS_AGENT_ENDPOINT"));
        subscription = MesosSubscription.start(agent, MesosApi.executor(), this::subscribeCall, new SubscriptionListener<>() {
            @Override
            public void onEvent(Event event) {
                handle(event);
            }

            @Override
            public void onGaveUp(Exception cause) {
                System.err.println("lost the agent: " + cause.getMessage());
                Runtime.getRuntime().halt(1);
            }
        }, reconnect, settings());
    }

    /** As an executor of an agent run with --authenticate_http_executors: its token as Bearer on every request. */
    private static MesosSubscription.Settings settings() {
        String token = System.getenv("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
        return token == null ? MesosSubscription.Settings.defaults() : MesosSubscription.Settings.defaults().withAuthorization("Bearer " + token);
    }

    private Call subscribeCall() {
        return call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .addAllUnacknowledgedTasks(unacknowledgedTasks.values())
                .addAllUnacknowledgedUpdates(unacknowledgedUpdates.values())).build();
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case LAUNCH -> launch(event.getLaunch().getTask());
            case KILL -> kill(event.getKill().getTaskId());
            case ACKNOWLEDGED -> acknowledged(event.getAcknowledged().getTaskId(), event.getAcknowledged().getUuid());
            case MESSAGE -> send(call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(event.getMessage().getData())).build());
            case SHUTDOWN -> shutdown();
            default -> {
            }
        }
    }

    private void launch(TaskInfo task) {
        tasks.put(task.getTaskId(), task);
        unacknowledgedTasks.put(task.getTaskId(), task);
        String behaviour = behaviour(task);
        String message = "running";
        if (behaviour.equals("spawn-child") || behaviour.startsWith("shell:")) {
            try {
                Process child = (behaviour.startsWith("shell:")
                        ? new ProcessBuilder("sh", "-c", behaviour.substring("shell:".length())).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        : new ProcessBuilder("sleep", "1000")).start();
                message = "child " + child.pid();
            } catch (IOException e) {
                update(task.getTaskId(), TaskState.TASK_FAILED, "cannot start a child: " + e.getMessage());
                return;
            }
        }
        ByteString running = update(task.getTaskId(), TaskState.TASK_RUNNING, message, environment());
        if (behaviour.startsWith("exit:")) {
            exitOnAck.put(running, Integer.parseInt(behaviour.substring("exit:".length())));
        } else if (behaviour.equals("finish")) {
            update(task.getTaskId(), TaskState.TASK_FINISHED, "done");
        } else if (behaviour.equals("fail")) {
            update(task.getTaskId(), TaskState.TASK_FAILED, "failed on purpose");
        }
    }

    private void kill(TaskID taskId) {
        TaskInfo task = tasks.get(taskId);
        if (task != null && !behaviour(task).equals("ignore-kill")) {
            update(taskId, TaskState.TASK_KILLED, "killed");
        }
    }

    private void shutdown() {
        boolean ignore = tasks.values().stream().anyMatch(t -> behaviour(t).equals("ignore-kill"));
        if (ignore) {
            return;
        }
        tasks.keySet().forEach(id -> update(id, TaskState.TASK_KILLED, "shut down"));
        timers.schedule(() -> Runtime.getRuntime().halt(0), 500, TimeUnit.MILLISECONDS);
    }

    private void acknowledged(TaskID taskId, ByteString uuid) {
        unacknowledgedUpdates.remove(uuid);
        unacknowledgedTasks.remove(taskId);
        Integer code = exitOnAck.remove(uuid);
        if (code != null) {
            Runtime.getRuntime().halt(code);
        }
    }

    private ByteString update(TaskID taskId, TaskState state, String message) {
        return update(taskId, state, message, ByteString.EMPTY);
    }

    private ByteString update(TaskID taskId, TaskState state, String message, ByteString data) {
        UUID uuid = UUID.randomUUID();
        ByteString uuidBytes = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(taskId)
                .setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setExecutorId(executorId)
                .setMessage(message)
                .setUuid(uuidBytes)
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (!data.isEmpty()) {
            status.setData(data);
        }
        Call.Update update = Call.Update.newBuilder().setStatus(status).build();
        unacknowledgedUpdates.put(uuidBytes, update);
        send(call(Call.Type.UPDATE).setUpdate(update).build());
        return uuidBytes;
    }

    private void send(Call call) {
        subscription.send(call).exceptionally(e -> {
            System.err.println("call " + call.getType() + " failed: " + e.getMessage());
            return null;
        });
    }

    private Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(frameworkId).setExecutorId(executorId);
    }

    private static String behaviour(TaskInfo task) {
        return task.getLabels().getLabelsList().stream()
                .filter(l -> l.getKey().equals("behaviour"))
                .map(Label::getValue)
                .findFirst()
                .orElse("run");
    }

    private static ByteString environment() {
        Properties env = new Properties();
        env.putAll(new TreeMap<>(System.getenv()));
        env.put("test.pid", Long.toString(ProcessHandle.current().pid()));
        env.put("test.cwd", System.getProperty("user.dir"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            env.store(out, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the environment a TASK_RUNNING update carries. */
    public static Properties environmentOf(TaskStatus status) {
        Properties env = new Properties();
        try {
            env.load(new java.io.StringReader(status.getData().toString(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return env;
    }
}
