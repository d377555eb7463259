package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.master.FrameworkCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master run with --authenticate_http_frameworks and --credentials: libprocess's basic authenticator answers
 * before the handler (3rdparty/libprocess/src/authenticator.cpp: 401, {@code WWW-Authenticate: Basic
 * realm="mesos-master-scheduler"}, body "401 Unauthorized."); the handler then refuses a FrameworkInfo naming
 * another principal (src/master/validation.cpp, scheduler::call::validate).
 */
@Tag(ClusterUnderTest.LOCAL_ONLY)
class FrameworkAuthenticationTest {
    private static final String PROTOBUF = "application/x-protobuf";

    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private URI endpoint;

    @BeforeEach
    void start() throws Exception {
        Path credentials = Files.writeString(workDir.resolve("credentials.json"),
                "{\"credentials\": [{\"principal\": \"pacer\", \"secret\": \"s3cret\"}, {\"principal\": \"other\", \"secret\": \"x\"}]}");
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir.resolve("cluster"))
                .withFrameworkCredentials(FrameworkCredentials.read(credentials)));
        endpoint = cluster.master().resolve("/api/v1/scheduler");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void withoutOrWithWrongCredentialsACallIs401WithTheBasicChallenge() throws Exception {
        for (Map<String, String> headers : java.util.List.of(Map.of("Content-Type", PROTOBUF),
                Map.of("Content-Type", PROTOBUF, "Authorization", basic("pacer", "wrong")),
                Map.of("Content-Type", PROTOBUF, "Authorization", basic("nobody", "s3cret")),
                Map.of("Content-Type", PROTOBUF, "Authorization", "Bearer s3cret"))) {
            RawCalls.Answer answer = RawCalls.post(endpoint, subscribe("pacer"), headers);

            assertThat(answer.status()).as("%s", headers).isEqualTo(401);
            assertThat(answer.body()).isEqualTo("401 Unauthorized.");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"mesos-master-scheduler\"");
        }
    }

    @Test
    void authenticationComesBeforeTheCallIsRead() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, subscribe("pacer"), Map.of());

        assertThat(answer.status()).as("not 400 for the missing Content-Type").isEqualTo(401);
    }

    @Test
    void theRightCredentialsSubscribe() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, subscribe("pacer"),
                Map.of("Content-Type", PROTOBUF, "Accept", PROTOBUF, "Authorization", basic("pacer", "s3cret")));

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aFrameworkInfoNamingAnotherPrincipalIs400() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint, subscribe("other"),
                Map.of("Content-Type", PROTOBUF, "Accept", PROTOBUF, "Authorization", basic("pacer", "s3cret")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Failed to validate scheduler::Call: Authenticated principal 'pacer' does not match"
                + " principal 'other' set in `FrameworkInfo`");
    }

    @Test
    void credentialsAlsoReadAsOnePrincipalAndSecretPerLine() throws Exception {
        FrameworkCredentials lines = FrameworkCredentials.read(Files.writeString(workDir.resolve("credentials.txt"), "pacer s3cret\n\nops pw\n"));
        ClusterUnderTest other = ClusterUnderTest.start(ClusterUnderTest.config(workDir.resolve("other")).withFrameworkCredentials(lines));
        try {
            URI otherEndpoint = other.master().resolve("/api/v1/scheduler");
            assertThat(RawCalls.post(otherEndpoint, subscribe("ops"),
                    Map.of("Content-Type", PROTOBUF, "Accept", PROTOBUF, "Authorization", basic("ops", "pw"))).status()).isEqualTo(200);
            assertThat(RawCalls.post(otherEndpoint, subscribe("ops"),
                    Map.of("Content-Type", PROTOBUF, "Authorization", basic("ops", "s3cret"))).status()).isEqualTo(401);
        } finally {
            other.close();
        }
    }

    private static Call subscribe(String principal) {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(TestScheduler.framework("authenticated").setPrincipal(principal))).build();
    }

    private static String basic(String principal, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
