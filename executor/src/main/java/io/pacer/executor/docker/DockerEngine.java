package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.pacer.executor.workload.LaunchException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The Docker engine the executor drives, where the docker CLI would find it: {@code DOCKER_HOST}, else the default
 * socket. The client is made once and shared by every container of the executor.
 */
public final class DockerEngine implements AutoCloseable {
    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String description;
    private final DockerClient client;

    private DockerEngine(String description, DockerClient client) {
        this.description = description;
        this.client = client;
    }

    public static DockerEngine fromEnvironment(Map<String, String> env) throws LaunchException {
        String configured = env.getOrDefault("DOCKER_HOST", "");
        String host = configured.isBlank() ? DEFAULT_HOST : configured;
        if (tlsRequested(env)) {
            // the executor jar leaves out docker-java's TLS certificate code (Bouncy Castle, executor/pom.xml says why)
            throw new LaunchException("TLS to the Docker engine (DOCKER_TLS_VERIFY) is not supported: the executor uses its agent's own"
                    + " engine, at a unix socket or a plain tcp address (DOCKER_HOST=" + host + ")");
        }
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        // No response timeout: log streams and waits for a container's exit stay open for the task's whole life.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(CONNECT_TIMEOUT).build();
        String description = configured.isBlank() ? host + " (the default: DOCKER_HOST is not set)" : host + " (DOCKER_HOST)";
        return new DockerEngine(description, DockerClientImpl.getInstance(config, http));
    }

    /** As docker-java reads DOCKER_TLS_VERIFY: a system property over the environment, "1" or "true". */
    private static boolean tlsRequested(Map<String, String> env) {
        String verify = System.getProperty("DOCKER_TLS_VERIFY", env.getOrDefault("DOCKER_TLS_VERIFY", ""));
        return verify.equals("1") || verify.equalsIgnoreCase("true");
    }

    /** Where the engine was looked for, for messages. */
    public String description() {
        return description;
    }

    DockerClient client() {
        return client;
    }

    /** Fails with a message that says the engine is missing or unreachable, and where it was looked for. */
    void ping() throws LaunchException {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new LaunchException("Cannot reach the Docker engine at " + description + ": " + DockerErrors.describe(e), e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
