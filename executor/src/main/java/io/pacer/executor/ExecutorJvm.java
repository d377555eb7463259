package io.pacer.executor;

/**
 * How agents start the executor: the jar's file name in the sandbox and the lean JVM flags (docs/executor.md,
 * "JVM flags"; measured in shared/reference/jvm-footprint.md: small heap, serial GC, C1 only). Native heap trimming
 * exists from JDK 17.0.9 on; an older JVM skips the flag instead of refusing to start. Compile-time constants on
 * purpose: the scheduler, which writes the executor's command and has this class only when it is compiled, reads
 * them, and the build's class data training and the benchmarks start the jar with the very same.
 */
public final class ExecutorJvm {
    public static final String JAR_FILE = "pacer-executor.jar";
    public static final String FLAGS = "-Xms8m -Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -XX:CICompilerCount=1 -XX:MaxDirectMemorySize=8m"
            + " -XX:CompileThresholdScaling=10 -XX:-UsePerfData -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=1000"
            + " -Dio.netty.allocator.type=unpooled -Dio.netty.noPreferDirect=true";

    private ExecutorJvm() {
    }
}
