package io.pacer.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The shaded executor jar started as the scheduler has agents start it: copied into the sandbox with the fixed
 * modification time of {@link ClassDataArchive}, run from there as {@code -jar pacer-executor.jar} with the lean JVM
 * flags of {@link ExecutorJvm}, its class data archive when the build made one, and a clean environment.
 */
final class LeanExecutorJar {
    private LeanExecutorJar() {
    }

    /** @param extraFlags more JVM flags; output goes to {@code sandbox/executor.log} */
    static ProcessBuilder builder(Path jar, Path sandbox, Map<String, String> env, List<String> extraFlags) throws IOException {
        Files.copy(jar, sandbox.resolve(ExecutorJvm.JAR_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(sandbox.resolve(ExecutorJvm.JAR_FILE), FileTime.from(Instant.ofEpochSecond(ClassDataArchive.JAR_MTIME_EPOCH_SECONDS)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(ExecutorJvm.FLAGS.split(" ")));
        Path archive = jar.resolveSibling(ClassDataArchive.FILE_NAME);
        if (Files.isRegularFile(archive)) {
            Files.copy(archive, sandbox.resolve(ClassDataArchive.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            command.add("-XX:SharedArchiveFile=" + ClassDataArchive.FILE_NAME);
        }
        command.addAll(extraFlags);
        command.addAll(List.of("-jar", ExecutorJvm.JAR_FILE));
        ProcessBuilder builder = new ProcessBuilder(command).directory(sandbox.toFile()).redirectErrorStream(true)
                .redirectOutput(sandbox.resolve("executor.log").toFile());
        builder.environment().clear();
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(env);
        return builder;
    }

    /** Removes a sandbox {@link #builder} filled (its jar and archive copies are ~43 MB) once its run went well. */
    static void deleteSandbox(Path sandbox) throws IOException {
        try (Stream<Path> files = Files.walk(sandbox)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
