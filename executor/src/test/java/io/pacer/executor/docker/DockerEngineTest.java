package io.pacer.executor.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.executor.workload.LaunchException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineTest {
    @TempDir
    Path certificates;

    @Test
    void tlsToTheEngineIsRefusedInWordsBeforeAnyConnection() {
        assertThatThrownBy(() -> DockerEngine.fromEnvironment(Map.of("DOCKER_HOST", "tcp://docker.example:2376", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", certificates.toString())))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("TLS to the Docker engine (DOCKER_TLS_VERIFY) is not supported");
        // docker-java reads its settings from system properties too, over the environment
        System.setProperty("DOCKER_TLS_VERIFY", "true");
        System.setProperty("DOCKER_CERT_PATH", certificates.toString());
        try {
            assertThatThrownBy(() -> DockerEngine.fromEnvironment(Map.of("DOCKER_HOST", "tcp://docker.example:2376")))
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("TLS to the Docker engine (DOCKER_TLS_VERIFY) is not supported: the executor uses its agent's own engine,"
                            + " at a unix socket or a plain tcp address (DOCKER_HOST=tcp://docker.example:2376)");
        } finally {
            System.clearProperty("DOCKER_TLS_VERIFY");
            System.clearProperty("DOCKER_CERT_PATH");
        }
    }
}
