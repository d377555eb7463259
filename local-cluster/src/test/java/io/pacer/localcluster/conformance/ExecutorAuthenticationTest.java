package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.testexecutor.TestExecutor;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent run with --authenticate_http_executors: each executor gets a JWT in MESOS_EXECUTOR_AUTHENTICATION_TOKEN
 * and runs with it as Bearer; calls without it are 401 before they are read (libprocess's JWT authenticator), and a
 * token of another executor is 403 (src/slave/http.cpp verifyExecutorClaims).
 */
@Tag(ClusterUnderTest.LOCAL_ONLY)
class ExecutorAuthenticationTest {
    private static final String PROTOBUF = "application/x-protobuf";

    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private TestScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir).withExecutorAuthentication());
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("authenticated-executors").build());
    }

    @AfterEach
    void stop() {
        scheduler.close();
        cluster.close();
    }

    @Test
    void executorsRunWithTheirTokensAndNothingElseGetsIn() throws Exception {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder first = Tasks.task(offer, "run");
        TaskInfo.Builder second = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, first, second));
        String firstToken = TestExecutor.environmentOf(scheduler.awaitUpdate(first.getTaskId(), TaskState.TASK_RUNNING))
                .getProperty("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
        scheduler.awaitUpdate(second.getTaskId(), TaskState.TASK_RUNNING);
        assertThat(firstToken).as("a JWT: header.claims.signature").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        URI endpoint = ExecutorDriver.agentOf(offer).resolve("/api/v1/executor");
        Call message = message(scheduler.frameworkId(), second.getExecutor().getExecutorId());

        RawCalls.Answer none = RawCalls.post(endpoint, message, Map.of("Content-Type", PROTOBUF));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("401 Unauthorized.");
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"mesos-agent-executor\"");

        RawCalls.Answer forged = RawCalls.post(endpoint, message, Map.of("Content-Type", PROTOBUF,
                "Authorization", "Bearer " + firstToken.substring(0, firstToken.lastIndexOf('.') + 1) + "c2lnbmF0dXJl"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"mesos-agent-executor\", "
                + "error=\"invalid_token\", error_description=\"Invalid JWT: Token signature does not match\"");

        RawCalls.Answer basic = RawCalls.post(endpoint, message, Map.of("Content-Type", PROTOBUF, "Authorization", "Basic eDp5"));
        assertThat(basic.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"mesos-agent-executor\", "
                + "error=\"invalid_token\", error_description=\"Scheme 'Basic' unsupported\"");

        RawCalls.Answer another = RawCalls.post(endpoint, message, Map.of("Content-Type", PROTOBUF, "Authorization", "Bearer " + firstToken));
        assertThat(another.status()).as("the first executor's token on a call of the second").isEqualTo(403);
        assertThat(another.body()).contains("does not contain an 'eid' claim with the executor ID "
                + second.getExecutor().getExecutorId().getValue() + ", which is set in the call");

        RawCalls.Answer own = RawCalls.post(endpoint, message(scheduler.frameworkId(), first.getExecutor().getExecutorId()),
                Map.of("Content-Type", PROTOBUF, "Authorization", "Bearer " + firstToken));
        assertThat(own.status()).as("its own token on its own call").isEqualTo(202);
    }

    private static Call message(FrameworkID frameworkId, ExecutorID executorId) {
        return Call.newBuilder().setType(Call.Type.MESSAGE).setFrameworkId(frameworkId).setExecutorId(executorId)
                .setMessage(Call.Message.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("hello"))).build();
    }
}
