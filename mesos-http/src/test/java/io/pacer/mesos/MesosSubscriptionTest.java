package io.pacer.mesos;

import static io.pacer.mesos.FakeMaster.heartbeat;
import static io.pacer.mesos.FakeMaster.status;
import static io.pacer.mesos.FakeMaster.subscribed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MesosSubscriptionTest {
    private static final Duration SHORT = Duration.ofMillis(50);

    private final FakeMaster master = startMaster();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Recorder recorder = new Recorder();
    private final AtomicInteger subscribeCallsBuilt = new AtomicInteger();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        master.close();
    }

    @Test
    void deliversEveryEventInOrderFromARandomlyChunkedStream() throws Exception {
        master.thenRespond((exchange, stream) -> {
            stream.open("stream-1").send(subscribed("fw-1", 15));
            for (int i = 0; i < 200; i++) {
                stream.send(Event.newBuilder().setType(Event.Type.MESSAGE)
                        .setMessage(Event.Message.newBuilder()
                                .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
                                .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("e"))
                                .setData(com.google.protobuf.ByteString.copyFromUtf8("m" + i)))
                        .build());
            }
            stream.holdOpen();
        });
        subscribe(ReconnectPolicy.never());

        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        for (int i = 0; i < 200; i++) {
            assertThat(recorder.next().getMessage().getData().toStringUtf8()).isEqualTo("m" + i);
        }
        FakeMaster.Received subscribe = master.nextSubscribe();
        assertThat(subscribe.contentType()).isEqualTo("application/x-protobuf");
        assertThat(subscribe.call().getType()).isEqualTo(Call.Type.SUBSCRIBE);
    }

    @Test
    void callsCarryTheStreamIdAndTheExactContentTypeOnAConnectionOfTheirOwn() throws Exception {
        master.thenRespond((exchange, stream) -> stream.open("stream-42").send(subscribed("fw-1", 15)).holdOpen());
        MesosSubscription<Call, Event> subscription = subscribe(ReconnectPolicy.never());
        recorder.next();

        subscription.send(call(Call.Type.REVIVE)).get(10, TimeUnit.SECONDS);
        FakeMaster.Received revive = master.nextCall();

        assertThat(subscription.streamId()).contains("stream-42");
        assertThat(revive.call().getType()).isEqualTo(Call.Type.REVIVE);
        assertThat(revive.streamId()).isEqualTo("stream-42");
        assertThat(revive.contentType()).isEqualTo("application/x-protobuf");
        assertThat(revive.clientPort()).as("calls use another connection than the event stream")
                .isNotEqualTo(master.nextSubscribe().clientPort());
    }

    @Test
    void aRejectedCallFailsWithMesossStatusAndReason() throws Exception {
        master.thenRespond((exchange, stream) -> stream.open("s").send(subscribed("fw-1", 15)).holdOpen());
        MesosSubscription<Call, Event> subscription = subscribe(ReconnectPolicy.never());
        recorder.next();
        master.callStatus = 400;
        master.callBody = "Framework cannot be found";

        CompletableFuture<byte[]> answer = subscription.send(call(Call.Type.REVIVE));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(MesosCallException.class)
                .hasMessageEndingWith("answered 400 from " + master.uri() + "/api/v1/scheduler: Framework cannot be found")
                .satisfies(e -> assertThat(((MesosCallException) e).status()).isEqualTo(400));
    }

    @Test
    void followsAProtocolRelativeRedirectToTheLeaderAndSendsCallsThere() throws Exception {
        FakeMaster leader = startMaster();
        toClose.add(leader);
        master.thenRespond(status(307, "", "Location", "//127.0.0.1:" + leader.uri().getPort() + "/api/v1/scheduler"));
        leader.thenRespond((exchange, stream) -> stream.open("s").send(subscribed("fw-1", 15)).holdOpen());

        MesosSubscription<Call, Event> subscription = subscribe(ReconnectPolicy.never());

        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        assertThat(subscription.master()).isEqualTo(leader.uri());
        subscription.send(call(Call.Type.SUPPRESS)).get(10, TimeUnit.SECONDS);
        assertThat(leader.nextCall().call().getType()).isEqualTo(Call.Type.SUPPRESS);
        assertThat(master.calls).isEmpty();
    }

    @Test
    void retriesA503WithGrowingDelaysUntilTheMasterIsReady() throws Exception {
        master.thenRespond(status(503, "No leader elected"));
        master.thenRespond(status(503, "Master has not finished recovery"));
        master.thenRespond((exchange, stream) -> stream.open("s").send(subscribed("fw-1", 15)).holdOpen());

        subscribe(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(5)));

        long first = arrivalNanos();
        long second = arrivalNanos();
        long third = arrivalNanos();
        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        assertThat(Duration.ofNanos(second - first)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(third - second)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(subscribeCallsBuilt).as("a fresh SUBSCRIBE call for every attempt").hasValue(3);
    }

    @Test
    void theWatchdogDropsASilentStreamAndSubscribesAgain() throws Exception {
        master.thenRespond((exchange, stream) -> stream.open("s1").send(subscribed("fw-1", 0.1)).holdOpen());
        master.thenRespond((exchange, stream) -> stream.open("s2").send(subscribed("fw-1", 0.1)).heartbeatEvery(50));

        MesosSubscription<Call, Event> subscription = subscribe(ReconnectPolicy.exponential(SHORT, SHORT));

        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        Exception cause = recorder.disconnections.poll(10, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("5 heartbeat intervals of 100ms");
        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        assertThat(recorder.next().getType()).isEqualTo(Event.Type.HEARTBEAT);
        assertThat(subscription.streamId()).contains("s2");
        assertThat(master.subscribes).hasSize(2);
    }

    @Test
    void aStreamThatKeepsBeatingIsNotDropped() throws Exception {
        master.thenRespond((exchange, stream) -> stream.open("s").send(subscribed("fw-1", 0.1)).heartbeatEvery(20));
        subscribe(ReconnectPolicy.exponential(SHORT, SHORT));

        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        for (int i = 0; i < 60; i++) { // 60 heartbeats 20 ms apart: well past the watchdog's 5 intervals of 100 ms
            assertThat(recorder.next()).isEqualTo(heartbeat());
        }
        assertThat(recorder.disconnections).isEmpty();
    }

    @Test
    void aCallSentBeforeTheSubscriptionEndsStillGetsItsAnswer() throws Exception {
        // Mesos answers TEARDOWN only after removeFramework has closed the framework's stream (src/master/master.cpp).
        master.answerCallsOnceOpen = recorder.gaveUp;
        master.thenRespond((exchange, stream) -> {
            stream.open("s").send(subscribed("fw-1", 15));
            master.nextCall(); // the stream ends as this returns
            master.calls.clear();
        });
        MesosSubscription<Call, Event> subscription = subscribe(ReconnectPolicy.never());
        recorder.next();

        CompletableFuture<byte[]> teardown = subscription.send(call(Call.Type.TEARDOWN));

        assertThat(recorder.gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(teardown.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aStreamClosedByTheMasterIsReportedAndSubscribedAgain() throws Exception {
        master.thenRespond((exchange, stream) -> stream.open("s1").send(subscribed("fw-1", 15)));
        master.thenRespond((exchange, stream) -> stream.open("s2").send(subscribed("fw-1", 15)).holdOpen());

        subscribe(ReconnectPolicy.exponential(SHORT, SHORT));

        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        assertThat(recorder.disconnections.poll(10, TimeUnit.SECONDS)).hasMessageContaining("closed by the other side");
        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
    }

    @Test
    void aMalformedStreamIsDroppedWithTheReason() throws Exception {
        master.thenRespond((exchange, stream) -> stream.open("s1").send(subscribed("fw-1", 15))
                .sendRaw("12x\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).holdOpen());

        subscribe(ReconnectPolicy.never());

        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        assertThat(recorder.disconnections.poll(10, TimeUnit.SECONDS)).isInstanceOf(RecordIoException.class);
        assertThat(recorder.gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givesUpWhenThePolicySaysSo() throws Exception {
        master.thenRespond(status(503, "No leader elected"));
        master.thenRespond(status(503, "No leader elected"));
        ReconnectPolicy twoTries = (attempt, since) -> attempt < 2 ? java.util.Optional.of(SHORT) : java.util.Optional.empty();

        subscribe(twoTries);

        assertThat(recorder.gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.lastCause).isInstanceOf(MesosCallException.class).hasMessageContaining("503").hasMessageContaining("No leader elected");
        assertThat(master.subscribes).hasSize(2);
    }

    @Test
    void anUnreachableMasterIsRetriedAndNamed() throws Exception {
        java.net.URI nowhere = java.net.URI.create("http://127.0.0.1:" + freePort());
        ReconnectPolicy once = (attempt, since) -> java.util.Optional.empty();
        toClose.add(MesosSubscription.start(nowhere, MesosApi.scheduler(), this::subscribeCall, recorder, once,
                MesosSubscription.Settings.defaults()));

        assertThat(recorder.gaveUp.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.lastCause).hasMessageStartingWith("cannot subscribe to " + nowhere + "/api/v1/scheduler");
    }

    @Test
    void closeStopsTheStreamAndEveryRetry() throws Exception {
        CountDownLatch streamGone = new CountDownLatch(1);
        master.thenRespond((exchange, stream) -> {
            stream.open("s").send(subscribed("fw-1", 15));
            try {
                stream.heartbeatEvery(20);
            } finally {
                streamGone.countDown();
            }
        });
        MesosSubscription<Call, Event> subscription = subscribe(ReconnectPolicy.exponential(SHORT, SHORT));
        assertThat(recorder.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);

        subscription.close();

        assertThat(streamGone.await(10, TimeUnit.SECONDS)).as("the master sees the connection dropped").isTrue();
        Thread.sleep(300); // several retry periods: nothing may happen in them
        assertThat(master.subscribes).hasSize(1);
        assertThat(recorder.disconnections).isEmpty();
        assertThatThrownBy(() -> subscription.send(call(Call.Type.REVIVE)).get()).hasMessageContaining("closed");
    }

    @Test
    void theExecutorApiNeedsNoStreamIdAndNoWatchdog() throws Exception {
        try (var agent = new FakeAgent()) {
            BlockingQueue<org.apache.mesos.v1.executor.Protos.Event> events = new LinkedBlockingQueue<>();
            var subscription = MesosSubscription.start(agent.uri(), MesosApi.executor(),
                    () -> org.apache.mesos.v1.executor.Protos.Call.newBuilder()
                            .setType(org.apache.mesos.v1.executor.Protos.Call.Type.SUBSCRIBE)
                            .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
                            .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("ex"))
                            .build(),
                    events::add, ReconnectPolicy.never(), MesosSubscription.Settings.defaults());
            toClose.add(subscription);

            assertThat(events.poll(10, TimeUnit.SECONDS).getType()).isEqualTo(org.apache.mesos.v1.executor.Protos.Event.Type.SUBSCRIBED);
            assertThat(subscription.streamId()).isEmpty();
            assertThat(agent.path()).isEqualTo("/api/v1/executor");
        }
    }

    // ---- helpers ----

    private MesosSubscription<Call, Event> subscribe(ReconnectPolicy policy) {
        MesosSubscription<Call, Event> s = MesosSubscription.start(master.uri().resolve("/any/path"), MesosApi.scheduler(),
                this::subscribeCall, recorder, policy, MesosSubscription.Settings.defaults());
        toClose.add(0, s);
        return s;
    }

    private Call subscribeCall() {
        subscribeCallsBuilt.incrementAndGet();
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(
                        org.apache.mesos.v1.Protos.FrameworkInfo.newBuilder().setUser("root").setName("test")))
                .build();
    }

    private static Call call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).build();
    }

    private long arrivalNanos() throws InterruptedException {
        master.nextSubscribe();
        return System.nanoTime();
    }

    private static FakeMaster startMaster() {
        try {
            return new FakeMaster();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Collects what the subscription tells its listener. */
    private static final class Recorder implements SubscriptionListener<Event> {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Exception> disconnections = new LinkedBlockingQueue<>();
        final CountDownLatch gaveUp = new CountDownLatch(1);
        volatile Exception lastCause;

        @Override
        public void onEvent(Event event) {
            events.add(event);
        }

        @Override
        public void onDisconnected(Exception cause) {
            disconnections.add(cause);
        }

        @Override
        public void onGaveUp(Exception cause) {
            lastCause = cause;
            gaveUp.countDown();
        }

        Event next() throws InterruptedException {
            Event e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 10 s");
            }
            return e;
        }
    }
}
