package io.pacer.scheduler.launch;

import io.pacer.executor.ClassDataArchive;
import io.pacer.executor.ExecutorJvm;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the scheduler starts the Pacer executor on an agent: where the agent fetches its jar (and the jar's class data
 * archive, when there is one), the executor's own resources (counted once per executor, as Mesos does) and its
 * shutdown grace period. The command starts Java with the executor's own lean flags ({@link ExecutorJvm}).
 */
public record ExecutorSettings(String jarUri, Optional<String> classDataArchiveUri, double cpus, double mem,
                               Duration shutdownGracePeriod, Map<String, String> environment) {
    /** How long an executor without tasks stays (the executor's ExecutorSettings reads it; its default is 60 s). */
    public static final String IDLE_TIMEOUT_VARIABLE = "PACER_EXECUTOR_IDLE_TIMEOUT";
    /** The address the executor's endpoint listens on (the executor's ExecutorSettings reads it; all interfaces if unset). */
    public static final String ENDPOINT_BIND_VARIABLE = "PACER_EXECUTOR_ENDPOINT_BIND";
    public ExecutorSettings {
        environment = Map.copyOf(environment);
    }

    public static ExecutorSettings defaults(String jarUri) {
        return new ExecutorSettings(jarUri, Optional.empty(), 0.1, 96, Duration.ofSeconds(30), Map.of("MALLOC_ARENA_MAX", "2"));
    }

    /**
     * The shell command that starts the executor in its sandbox. With a class data archive, the jar's copy first gets
     * the modification time the archive was made for ({@link ClassDataArchive}); should that fail, Java starts
     * without the archive and says why in one warning.
     */
    public String command() {
        return classDataArchiveUri.map(uri -> "touch -m -d @" + ClassDataArchive.JAR_MTIME_EPOCH_SECONDS + " " + ExecutorJvm.JAR_FILE
                        + "; exec java " + ExecutorJvm.FLAGS + " -XX:SharedArchiveFile=" + ClassDataArchive.FILE_NAME + " -jar " + ExecutorJvm.JAR_FILE)
                .orElse("exec java " + ExecutorJvm.FLAGS + " -jar " + ExecutorJvm.JAR_FILE);
    }

    /** The same, with the jar's class data archive fetched from {@code uri}. */
    public ExecutorSettings withClassDataArchive(String uri) {
        return new ExecutorSettings(jarUri, Optional.of(uri), cpus, mem, shutdownGracePeriod, environment);
    }

    /** The same, with the executor's endpoint bound to {@code address} when one is given (--executor-endpoint-bind). */
    public ExecutorSettings withEndpointBind(Optional<String> address) {
        return address.map(a -> withEnvironmentVariable(ENDPOINT_BIND_VARIABLE, a)).orElse(this);
    }

    /** The same, with one more variable in the executor's environment. */
    public ExecutorSettings withEnvironmentVariable(String name, String value) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new ExecutorSettings(jarUri, classDataArchiveUri, cpus, mem, shutdownGracePeriod, env);
    }
}
