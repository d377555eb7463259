package io.pacer.scheduler.launch;

import java.time.Duration;
import java.util.Map;

/**
 * How the scheduler starts the Pacer executor on an agent: where the agent fetches its jar, the command, the
 * executor's own resources (counted once per executor, as Mesos does) and its shutdown grace period.
 */
public record ExecutorSettings(String jarUri, String command, double cpus, double mem, Duration shutdownGracePeriod,
                               Map<String, String> environment) {
    /** Lean JVM flags measured in shared/reference/jvm-footprint.md (flags D: small heap, serial GC, C1 only). */
    public static final String JAVA_COMMAND = "exec java -Xms8m -Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=8m"
            + " -XX:-UsePerfData -Dio.netty.allocator.type=unpooled -Dio.netty.noPreferDirect=true -jar pacer-executor.jar";

    public ExecutorSettings {
        environment = Map.copyOf(environment);
    }

    /** The same, with one more variable in the executor's environment. */
    public ExecutorSettings withEnvironmentVariable(String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put(name, value);
        return new ExecutorSettings(jarUri, command, cpus, mem, shutdownGracePeriod, env);
    }

    public static ExecutorSettings defaults(String jarUri) {
        return new ExecutorSettings(jarUri, JAVA_COMMAND, 0.1, 96, Duration.ofSeconds(30), Map.of("MALLOC_ARENA_MAX", "2"));
    }
}
