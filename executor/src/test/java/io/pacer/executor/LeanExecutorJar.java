package io.pacer.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shaded executor jar started as the scheduler starts it: the lean JVM flags of docs/executor.md, a clean environment. */
final class LeanExecutorJar {
    static final List<String> FLAGS = List.of("-Xms8m", "-Xmx64m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m", "-XX:CICompilerCount=1", "-XX:MaxDirectMemorySize=8m",
            "-XX:-UsePerfData", "-Dio.netty.allocator.type=unpooled", "-Dio.netty.noPreferDirect=true");

    private LeanExecutorJar() {
    }

    /** @param extraFlags more JVM flags (a class data archive, say); output goes to {@code sandbox/executor.log} */
    static ProcessBuilder builder(Path jar, Path sandbox, Map<String, String> env, List<String> extraFlags) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(FLAGS);
        command.addAll(extraFlags);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(sandbox.resolve("executor.log").toFile());
        builder.environment().clear();
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(env);
        return builder;
    }
}
