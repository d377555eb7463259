package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.fail;

import io.pacer.mesos.MesosApi;
import io.pacer.mesos.MesosSubscription;
import io.pacer.mesos.ReconnectPolicy;
import io.pacer.mesos.SubscriptionListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A scheduler for the tests, on the production client ({@link MesosSubscription}): it records every event, and a
 * test waits for the one it expects. Each event is handed to one await only, so two awaits for the same kind
 * of event see two events.
 */
final class TestScheduler implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final List<Event> events = new ArrayList<>();
    private final List<Boolean> taken = new ArrayList<>();
    private final AtomicBoolean autoAcknowledge = new AtomicBoolean(true);
    private volatile FrameworkID frameworkId;
    private volatile Event.Subscribed subscribed;
    private final MesosSubscription<Call, Event> subscription;

    private TestScheduler(URI master, FrameworkInfo info, List<String> suppressedRoles) {
        subscription = MesosSubscription.start(master, MesosApi.scheduler(), () -> subscribeCall(info, suppressedRoles),
                new SubscriptionListener<>() {
                    @Override
                    public void onEvent(Event event) {
                        received(event);
                    }

                }, ReconnectPolicy.never(), MesosSubscription.Settings.defaults());
    }

    static FrameworkInfo.Builder framework(String name) {
        return FrameworkInfo.newBuilder().setUser("root").setName(name);
    }

    /** Starts subscribing without waiting for the answer (which may be an ERROR). */
    static TestScheduler start(URI master, FrameworkInfo info, String... suppressedRoles) {
        return new TestScheduler(master, info, List.of(suppressedRoles));
    }

    /** Subscribes and waits for SUBSCRIBED. */
    static TestScheduler subscribe(URI master, FrameworkInfo info) {
        TestScheduler scheduler = new TestScheduler(master, info, List.of());
        scheduler.await(Event.Type.SUBSCRIBED);
        return scheduler;
    }

    private Call subscribeCall(FrameworkInfo info, List<String> suppressedRoles) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info).addAllSuppressedRoles(suppressedRoles));
        if (info.hasId()) {
            call.setFrameworkId(info.getId());
        }
        return call.build();
    }

    private void received(Event event) {
        if (event.getType() == Event.Type.SUBSCRIBED) {
            frameworkId = event.getSubscribed().getFrameworkId();
            subscribed = event.getSubscribed();
        }
        if (event.getType() == Event.Type.UPDATE && event.getUpdate().getStatus().hasUuid() && autoAcknowledge.get()) {
            acknowledge(event.getUpdate().getStatus());
        }
        synchronized (events) {
            events.add(event);
            taken.add(false);
            events.notifyAll();
        }
    }

    FrameworkID frameworkId() {
        return frameworkId;
    }

    Event.Subscribed subscribed() {
        return subscribed;
    }

    String streamId() {
        return subscription.streamId().orElseThrow();
    }

    /** Leaves status updates unacknowledged until {@link #acknowledge} is called by the test. */
    TestScheduler manualAcknowledgements() {
        autoAcknowledge.set(false);
        return this;
    }

    Event await(Event.Type type) {
        return await(type, e -> true, WAIT);
    }

    Event await(Event.Type type, Predicate<Event> matches) {
        return await(type, matches, WAIT);
    }

    Event await(Event.Type type, Predicate<Event> matches, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (events) {
            while (true) {
                for (int i = 0; i < events.size(); i++) {
                    Event e = events.get(i);
                    if (!taken.get(i) && e.getType() == type && matches.test(e)) {
                        taken.set(i, true);
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no " + type + " event as expected within " + wait.toMillis() + " ms; events so far: "
                            + events.stream().map(ev -> ev.getType().toString()).toList());
                }
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted");
                }
            }
        }
    }

    /** True if such an event arrives within {@code wait}; for asserting that something does not happen. */
    boolean receives(Event.Type type, Predicate<Event> matches, Duration wait) {
        try {
            await(type, matches, wait);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    Offer awaitOffer() {
        return await(Event.Type.OFFERS).getOffers().getOffers(0);
    }

    TaskStatus awaitUpdate(TaskID task, TaskState state) {
        return await(Event.Type.UPDATE, e -> e.getUpdate().getStatus().getTaskId().equals(task)
                && e.getUpdate().getStatus().getState() == state).getUpdate().getStatus();
    }

    TaskStatus awaitUpdate(TaskID task) {
        return await(Event.Type.UPDATE, e -> e.getUpdate().getStatus().getTaskId().equals(task)).getUpdate().getStatus();
    }

    /** Sends a call (framework id filled in) and waits for the master's answer. */
    void call(Call.Builder call) {
        subscription.send(call.setFrameworkId(frameworkId).build()).join();
    }

    void acknowledge(TaskStatus status) {
        subscription.send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(frameworkId)
                .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid()))
                .build());
    }

    @Override
    public void close() {
        subscription.close();
    }
}
