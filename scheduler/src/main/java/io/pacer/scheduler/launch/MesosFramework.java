package io.pacer.scheduler.launch;

import io.pacer.mesos.MesosApi;
import io.pacer.mesos.MesosSubscription;
import io.pacer.mesos.ReconnectPolicy;
import io.pacer.mesos.SubscriptionListener;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.task.TaskFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pacer as a Mesos framework: subscribes to the master (checkpointing, a failover timeout, the TASK_KILLING_STATE
 * and PARTITION_AWARE capabilities), keeps the framework id it was given in the state store so that a restarted
 * Pacer re-subscribes as the same framework, and runs the {@link FrameworkScheduler} on one thread: events, app
 * changes and a periodic tick all queue there.
 */
public final class MesosFramework implements SchedulerControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MesosFramework.class);
    private static final String FRAMEWORK_ID_KEY = "framework-id";
    private static final Duration TICK = Duration.ofSeconds(1);
    /** How often drained kills are looked at: the drain delay is kept to this precision. */
    private static final Duration KILL_CHECK = Duration.ofMillis(50);
    private static final Duration IMPLICIT_RECONCILIATION = Duration.ofMinutes(10);
    /** At a stop, how long announced kills may wait out their drain delay before they are sent anyway. */
    private static final Duration STOP_DRAIN_WAIT = Duration.ofSeconds(5);
    /** At a stop, how long Mesos's answers to the last calls are awaited. */
    private static final Duration STOP_CALL_WAIT = Duration.ofSeconds(5);

    private final StateStore store;
    private final FrameworkSettings settings;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pacer-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final FrameworkScheduler scheduler;
    private final java.util.concurrent.atomic.AtomicBoolean tickQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final MesosSubscription<Call, Event> subscription;
    private final CallForwarder calls = new CallForwarder();
    private final java.util.function.Consumer<String> removed;

    /**
     * @param removed told, once, why Pacer must stop when Mesos answers that this framework was removed: its id is
     *                forgotten then, and registering anew would start every app again (docs/ha.md, the framework id)
     */
    public MesosFramework(URI master, FrameworkSettings settings, StateStore store, SchedulerParts parts,
                          java.util.function.Consumer<String> removed) {
        this.store = store;
        this.settings = settings;
        this.removed = removed;
        this.scheduler = parts.scheduler(calls);
        this.subscription = MesosSubscription.start(master, MesosApi.scheduler(), this::subscribeCall, new Listener(),
                ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(15)), subscriptionSettings(settings));
        calls.target = subscription;
        loop.scheduleWithFixedDelay(scheduler::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(scheduler::sendDueKills, KILL_CHECK.toMillis(), KILL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(() -> calls.send(Call.newBuilder().setType(Call.Type.RECONCILE)
                        .setReconcile(Call.Reconcile.getDefaultInstance()).build()),
                IMPLICIT_RECONCILIATION.toMinutes(), IMPLICIT_RECONCILIATION.toMinutes(), TimeUnit.MINUTES);
    }

    private static MesosSubscription.Settings subscriptionSettings(FrameworkSettings settings) {
        return settings.credential().map(c -> MesosSubscription.Settings.defaults().withAuthorization(c.basicAuthorization()))
                .orElseGet(MesosSubscription.Settings::defaults);
    }

    /** Builds the scheduler once the framework knows where its calls go. */
    @FunctionalInterface
    public interface SchedulerParts {
        FrameworkScheduler scheduler(MesosCalls calls);
    }

    @Override
    public void appsChanged() {
        // one queued tick serves every change made before it runs: a burst of API calls must not queue a full
        // pass over all apps each (1,000 POSTs once kept the scheduler thread busy for many seconds)
        if (tickQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                tickQueued.set(false);
                scheduler.tick();
            });
        }
    }

    @Override
    public void restart(AppId app) {
        onLoop(() -> scheduler.restart(app));
    }

    @Override
    public void killTasks(AppId app, List<String> taskIds, boolean scale) {
        onLoop(() -> scheduler.killTasks(app, taskIds, scale));
    }

    @Override
    public void resetDelay(AppId app) {
        onLoop(() -> scheduler.resetDelay(app));
    }

    @Override
    public Optional<TaskFailure> lastFailure(AppId app) {
        return scheduler.lastFailure(app);
    }

    @Override
    public Optional<LaunchDelays.Delay> delay(AppId app) {
        return scheduler.delay(app);
    }

    private void onLoop(Runnable action) {
        onLoop(() -> {
            action.run();
            return null;
        });
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> action) {
        try {
            return loop.submit(action).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the scheduler acted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the scheduler could not act: " + e.getMessage(), e);
        }
    }

    public Optional<String> frameworkId() {
        return storedId(store);
    }

    /** The framework id {@code store} keeps, if any. */
    public static Optional<String> storedId(StateStore store) {
        return store.read(FRAMEWORK_ID_KEY).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Forgets the stored framework id, so that the next subscription registers a new framework (--new-framework). */
    public static void forgetId(StateStore store) {
        store.delete(FRAMEWORK_ID_KEY);
    }

    /**
     * Lets go of the master at once, sending nothing more: this Pacer no longer leads, another one may be acting on
     * the same framework already, and owed kills are the new leader's to send (they are in the shared state).
     */
    public void abandon() {
        subscription.close();
        loop.shutdownNow();
    }

    /**
     * Sends every kill Pacer owes before it lets go of the master: announced kills wait out what is left of their
     * drain delay, at most {@link #STOP_DRAIN_WAIT} (cut short after that), and Mesos's answers to the KILL calls
     * are awaited for at most {@link #STOP_CALL_WAIT}. A stopped Pacer stays subscribed in Mesos's eyes for its
     * failover timeout, and a kill never sent would leave its task running all that time.
     */
    @Override
    public void close() {
        try {
            sendOwedKills();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while sending the kills Pacer owes: some tasks may keep running");
        } catch (IllegalStateException e) {
            LOG.warn("Could not send the kills Pacer owes: {}", e.getMessage());
        }
        subscription.close();
        loop.shutdownNow();
    }

    private void sendOwedKills() throws InterruptedException {
        FrameworkScheduler.OwedKills owed = onLoop(scheduler::owedKills);
        if (owed.count() == 0) {
            return;
        }
        Instant waitUntil = Instant.now().plus(STOP_DRAIN_WAIT);
        Instant drainsEnd = owed.lastDrainEnds().filter(end -> end.isBefore(waitUntil)).orElse(waitUntil);
        LOG.info("Stopping with {} kill(s) announced and not yet sent: waiting {} ms for their drain delay (at most {} ms), then sending them",
                owed.count(), Math.max(0, Duration.between(Instant.now(), drainsEnd).toMillis()), STOP_DRAIN_WAIT.toMillis());
        // meanwhile the loop sends each kill whose delay ends, as it always does
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), drainsEnd).toMillis()));
        int failedBefore = calls.failures();
        int cutShort = onLoop(scheduler::sendOwedKills);
        boolean answered = calls.awaitInFlight(STOP_CALL_WAIT);
        int failed = calls.failures() - failedBefore;
        LOG.info("Sent the {} kill(s) Pacer owed ({} with their drain delay cut short); {}", owed.count(), cutShort,
                !answered ? "Mesos did not answer every call within " + STOP_CALL_WAIT.toMillis() + " ms"
                        : failed > 0 ? failed + " call(s) failed, as said above: their tasks may keep running" : "Mesos accepted every call");
    }

    private Call subscribeCall() {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setName(settings.name())
                .setUser(settings.user())
                .setHostname(settings.hostname())
                .setCheckpoint(true)
                .setFailoverTimeout(settings.failoverTimeout().toMillis() / 1000.0)
                .setWebuiUrl(settings.webuiUrl())
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                // 'roles' with MULTI_ROLE, never the deprecated 'role' (the two must not be mixed: src/master/validation.cpp
                // validateRoles); as Marathon since 1.5. Offers then carry allocation_info, which launches echo.
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .addRoles(settings.role().name());
        settings.credential().ifPresent(c -> info.setPrincipal(c.principal()));
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
        frameworkId().ifPresent(id -> {
            info.setId(FrameworkID.newBuilder().setValue(id));
            call.setFrameworkId(FrameworkID.newBuilder().setValue(id));
        });
        return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    }

    /** Sends on the subscription; failures are logged, since the level-triggered loop tries again anyway. */
    private static final class CallForwarder implements MesosCalls {
        volatile MesosSubscription<Call, Event> target;
        private final Set<CompletableFuture<byte[]>> inFlight = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failures = new AtomicInteger();

        @Override
        public void send(Call call) {
            CompletableFuture<byte[]> answer = target.send(call);
            inFlight.add(answer);
            answer.whenComplete((ok, error) -> {
                inFlight.remove(answer);
                if (error != null) {
                    failures.incrementAndGet();
                    LOG.warn("{} call failed: {}", call.getType(), error.getMessage());
                }
            });
        }

        /** How many calls have failed so far. */
        int failures() {
            return failures.get();
        }

        /** Waits until every call sent so far has its answer (or failed); false if {@code timeout} passed first. */
        boolean awaitInFlight(Duration timeout) throws InterruptedException {
            try {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                return true; // a failure was logged by its own call
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
    }

    private final class Listener implements SubscriptionListener<Event> {
        @Override
        public void onEvent(Event event) {
            loop.execute(() -> handle(event));
        }

        @Override
        public void onDisconnected(Exception cause) {
            LOG.warn("Lost the master: {}; subscribing again", cause.getMessage());
        }
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case SUBSCRIBED -> {
                FrameworkID id = event.getSubscribed().getFrameworkId();
                store.write(FRAMEWORK_ID_KEY, id.getValue().getBytes(StandardCharsets.UTF_8));
                LOG.info("Subscribed as framework {}", id.getValue());
                scheduler.subscribed(id);
            }
            case OFFERS -> scheduler.offers(event.getOffers().getOffersList());
            case UPDATE -> scheduler.update(event.getUpdate().getStatus());
            case FAILURE -> LOG.warn("Mesos reports a failure: agent {} executor {} status {}",
                    event.getFailure().getAgentId().getValue(), event.getFailure().getExecutorId().getValue(),
                    event.getFailure().getStatus());
            case ERROR -> error(event.getError().getMessage());
            default -> { } // HEARTBEAT (the watchdog saw it), RESCIND (offers are never held), MESSAGE
        }
    }

    private void error(String message) {
        LOG.error("Mesos error: {}", message);
        if (message.contains("Framework has been removed")) {
            // the master tore this framework down (its failover timeout passed, or an operator did): its id will never
            // work again, and subscribing without one would register a new framework that starts every app again
            subscription.close();
            String id = frameworkId().orElse("(unknown)");
            store.delete(FRAMEWORK_ID_KEY);
            removed.accept("Mesos removed framework " + id + " (its failover timeout passed while no Pacer was subscribed, "
                    + "or it was torn down): its tasks were killed. Pacer stops rather than register a new framework on its "
                    + "own; start it with --new-framework to register anew and start every app again (docs/ha.md)");
        }
    }
}
