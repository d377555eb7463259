package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SUBSCRIBE, heartbeats and the master's validation of calls (docs/scheduler-http-api.md, reference Part C). */
class SchedulerSubscriptionTest {
    private static final String PROTOBUF = "application/x-protobuf";

    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private URI endpoint;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
        endpoint = cluster.master().resolve("/api/v1/scheduler");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    @Tag(ClusterUnderTest.LOCAL_ONLY)
    void subscribeAnswersSubscribedWithFrameworkIdHeartbeatIntervalAndStreamId() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("subscribe").build())) {
            Event.Subscribed subscribed = scheduler.subscribed();
            assertThat(subscribed.getFrameworkId().getValue()).isNotEmpty();
            assertThat(subscribed.getHeartbeatIntervalSeconds()).isEqualTo(ClusterUnderTest.HEARTBEAT.toMillis() / 1000.0);
            assertThat(subscribed.getMasterInfo().getPort()).isEqualTo(cluster.master().getPort());
            assertThat(subscribed.getMasterInfo().getIp()).as("127.0.0.1 as Mesos encodes it").isEqualTo(0x0100007F);
            assertThat(scheduler.streamId()).hasSizeLessThanOrEqualTo(128).isNotEmpty();
        }
    }

    @Test
    @Tag(ClusterUnderTest.LOCAL_ONLY)
    void heartbeatsFollowAtTheAnnouncedInterval() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("heartbeats").build())) {
            long start = System.nanoTime();
            scheduler.await(Event.Type.HEARTBEAT);
            scheduler.await(Event.Type.HEARTBEAT);
            scheduler.await(Event.Type.HEARTBEAT);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // two intervals at least (the first may come at once); the upper bound only catches heartbeats that stopped
            assertThat(elapsedMs).isBetween(2 * ClusterUnderTest.HEARTBEAT.toMillis(), 30 * ClusterUnderTest.HEARTBEAT.toMillis());
        }
    }

    @Test
    void callWithoutContentTypeIs400() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, subscribe(), Map.of());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Expecting 'Content-Type' to be present");
    }

    @Test
    void callWithUnsupportedContentTypeIs415() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, subscribe(), Map.of("Content-Type", "application/json; charset=utf-8"));
        assertThat(answer.status()).isEqualTo(415);
    }

    @Test
    void subscribeWithStreamIdIs400() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, subscribe(), Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", "x"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Subscribe calls should not include the 'Mesos-Stream-Id' header");
    }

    @Test
    void subscribeWhoseFrameworkIdDiffersFromFrameworkInfoIdIs400() throws Exception {
        Call call = subscribe().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("other")).build();
        RawCalls.Answer answer = RawCalls.post(endpoint, call);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'");
    }

    @Test
    void callOfAnUnknownFrameworkIs400() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, revive(FrameworkID.newBuilder().setValue("nobody").build()),
                Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", "x"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Framework cannot be found");
    }

    @Test
    void callWithoutFrameworkIdIs400() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, Call.newBuilder().setType(Call.Type.REVIVE).build());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
    }

    @Test
    void callWithoutStreamIdIs400() throws Exception {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("no-stream-id").build())) {
            RawCalls.Answer answer = RawCalls.post(endpoint, revive(scheduler.frameworkId()));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
        }
    }

    @Test
    void callWithAnotherStreamIdIs400() throws Exception {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("wrong-stream-id").build())) {
            RawCalls.Answer answer = RawCalls.post(endpoint, revive(scheduler.frameworkId()),
                    Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", "not-the-stream"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).startsWith("The stream ID 'not-the-stream' included in this request didn't match the stream ID"
                    + " currently associated with framework ID " + scheduler.frameworkId().getValue());
        }
    }

    @Test
    void callWithTheStreamIdIsAccepted() throws Exception {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("right-stream-id").build())) {
            RawCalls.Answer answer = RawCalls.post(endpoint, revive(scheduler.frameworkId()),
                    Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", scheduler.streamId()));
            assertThat(answer.status()).isEqualTo(202);
        }
    }

    @Test
    void callOfADisconnectedFrameworkIs403() throws Exception {
        TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("gone").setFailoverTimeout(60).build());
        FrameworkID id = scheduler.frameworkId();
        String streamId = scheduler.streamId();
        scheduler.close();
        RawCalls.Answer answer = awaitStatus(403, revive(id), Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", streamId));
        assertThat(answer.body()).isEqualTo("Framework is not subscribed");
    }

    @Test
    void updateFrameworkChangesTheFrameworkInfo() throws Exception {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("before").build())) {
            Call update = updateFramework(scheduler, TestScheduler.framework("after").setId(scheduler.frameworkId()));
            RawCalls.Answer answer = RawCalls.post(endpoint, update, Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", scheduler.streamId()));
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Test
    void updateFrameworkCannotChangeCheckpointing() throws Exception {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("fixed").build())) {
            Call update = updateFramework(scheduler, TestScheduler.framework("fixed").setId(scheduler.frameworkId()).setCheckpoint(true));
            RawCalls.Answer answer = RawCalls.post(endpoint, update, Map.of("Content-Type", PROTOBUF, "Mesos-Stream-Id", scheduler.streamId()));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("FrameworkInfo update is not valid: Updating 'FrameworkInfo.checkpoint' is unsupported;"
                    + " attempted to update from 'false' to 'true'");
        }
    }

    private static Call updateFramework(TestScheduler scheduler, FrameworkInfo.Builder info) {
        return Call.newBuilder().setType(Call.Type.UPDATE_FRAMEWORK).setFrameworkId(scheduler.frameworkId())
                .setUpdateFramework(Call.UpdateFramework.newBuilder().setFrameworkInfo(info)).build();
    }

    @Test
    void getIs405() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    /** The master learns of the closed connection a moment after the client closes it. */
    private RawCalls.Answer awaitStatus(int status, Call call, Map<String, String> headers) throws Exception {
        long deadline = System.nanoTime() + TestScheduler.WAIT.toNanos();
        RawCalls.Answer answer;
        do {
            answer = RawCalls.post(endpoint, call, headers);
        } while (answer.status() != status && System.nanoTime() < deadline);
        assertThat(answer.status()).isEqualTo(status);
        return answer;
    }

    private static Call subscribe() {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(TestScheduler.framework("raw"))).build();
    }

    private static Call revive(FrameworkID id) {
        return Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(id).build();
    }
}
