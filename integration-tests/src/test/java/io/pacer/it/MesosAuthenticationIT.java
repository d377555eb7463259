package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pacer as an authenticated HTTP framework with authenticated executors: the standalone local cluster runs as a
 * Mesos master with --authenticate_http_frameworks and --credentials, and an agent with --authenticate_http_executors,
 * would; Pacer with --mesos-authentication-principal and --mesos-authentication-secret-file. Its executor presents
 * the token its agent gave it, or its task would never run.
 */
class MesosAuthenticationIT {
    @TempDir
    Path dir;

    @Test
    void withItsPrincipalAndSecretPacerRunsAppsThroughAnAuthenticatedExecutorAndWithAWrongSecretItIsRefused() throws Exception {
        Path credentials = Files.writeString(dir.resolve("credentials.json"),
                "{\"credentials\": [{\"principal\": \"pacer\", \"secret\": \"s3cret-for-pacer\"}]}");
        Path wrong = Files.writeString(dir.resolve("wrong-secret"), "not-the-secret\n");
        Path right = Files.writeString(dir.resolve("secret"), "s3cret-for-pacer\n");
        try (LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"),
                "--authenticate-http-frameworks", "--credentials", credentials.toString(), "--authenticate-http-executors")) {
            try (PacerProcess refused = PacerProcess.start(dir.resolve("refused"), "--master", cluster.masterUrl(),
                    "--mesos-authentication-principal", "pacer", "--mesos-authentication-secret-file", wrong.toString())) {
                Poll.until(Duration.ofSeconds(30), () -> "the refusal in Pacer's log:\n" + refused.tail(),
                        () -> refused.tail().contains("Subscribe attempt failed: Mesos answered 401") ? Optional.of(true) : Optional.empty());
                assertThat(refused.tail()).contains("401 Unauthorized.").doesNotContain("Subscribed as framework");
            }
            try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--master", cluster.masterUrl(),
                    "--mesos-authentication-principal", "pacer", "--mesos-authentication-secret-file", right.toString(),
                    "--executor-idle-timeout", "1secs")) {
                var created = pacer.send("POST", "/v2/apps", "{\"id\": \"/auth/sleeper\", \"cmd\": \"exec sleep 7811\", \"cpus\": 0.1, \"mem\": 32}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                pacer.awaitTasks("/auth/sleeper", PacerProcess.running(1), Duration.ofSeconds(60));
                pacer.awaitDeployed("/auth/sleeper");
                assertThat(pacer.send("DELETE", "/v2/apps/auth/sleeper", null).statusCode()).isEqualTo(200);
                Poll.until(Duration.ofSeconds(30), () -> "the app's task and executor to end",
                        () -> LeftoverProcesses.under(dir).stream().noneMatch(p -> p.contains("sleep 7811") || p.contains("pacer-executor.jar"))
                                ? Optional.of(true) : Optional.empty());
                assertThat(pacer.tail()).doesNotContain("s3cret-for-pacer");
            }
            cluster.awaitOutput("(pacer) subscribed", Duration.ofSeconds(5));
            assertThat(Files.readString(dir.resolve("cluster/local-cluster.log"))).doesNotContain("s3cret-for-pacer");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }
}
