package io.pacer.scheduler.launch;

import io.pacer.executor.ClassDataArchive;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the scheduler starts the Pacer executor on an agent: where the agent fetches its jar (and the jar's class data
 * archive, when there is one), the executor's own resources (counted once per executor, as Mesos does) and its
 * shutdown grace period.
 */
public record ExecutorSettings(String jarUri, Optional<String> classDataArchiveUri, double cpus, double mem,
                               Duration shutdownGracePeriod, Map<String, String> environment) {
    public static final String JAR_FILE = "pacer-executor.jar";
    /**
     * Lean JVM flags (docs/executor.md, measured in shared/reference/jvm-footprint.md: small heap, serial GC, C1 only).
     * Native heap trimming exists from JDK 17.0.9 on; an older JVM skips the flag instead of refusing to start.
     */
    static final String JVM_FLAGS = "-Xms8m -Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=8m"
            + " -XX:CompileThresholdScaling=10 -XX:-UsePerfData -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=1000"
            + " -Dio.netty.allocator.type=unpooled -Dio.netty.noPreferDirect=true";

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
        return classDataArchiveUri.map(uri -> "touch -m -d @" + ClassDataArchive.JAR_MTIME_EPOCH_SECONDS + " " + JAR_FILE
                        + "; exec java " + JVM_FLAGS + " -XX:SharedArchiveFile=" + ClassDataArchive.FILE_NAME + " -jar " + JAR_FILE)
                .orElse("exec java " + JVM_FLAGS + " -jar " + JAR_FILE);
    }

    /** The same, with the jar's class data archive fetched from {@code uri}. */
    public ExecutorSettings withClassDataArchive(String uri) {
        return new ExecutorSettings(jarUri, Optional.of(uri), cpus, mem, shutdownGracePeriod, environment);
    }

    /** The same, with one more variable in the executor's environment. */
    public ExecutorSettings withEnvironmentVariable(String name, String value) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(name, value);
        return new ExecutorSettings(jarUri, classDataArchiveUri, cpus, mem, shutdownGracePeriod, env);
    }
}
