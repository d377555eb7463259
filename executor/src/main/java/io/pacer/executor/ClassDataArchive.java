package io.pacer.executor;

/**
 * The executor jar's class data sharing archive (docs/executor.md, "Class data sharing"), made by the build beside
 * {@code pacer-executor.jar} and fetched with it. The JVM maps an archive only for the very jar it was made from,
 * checked by its path on the class path, size and modification time, and every agent's fetcher writes its own copy
 * of the jar into each sandbox. So the build makes the archive from a copy of the jar in a sandbox, given a fixed
 * modification time and started as {@code -jar pacer-executor.jar}, and the executor's command gives its copy that
 * same time before starting Java. A JVM that cannot use the archive (another build of Java, another jar)
 * says so in one warning and starts without it. Both fields are compile-time constants on purpose: the scheduler,
 * which writes the executor's command and has this class only when it is compiled, reads them.
 */
public final class ClassDataArchive {
    /** The archive's file name, next to the jar in the build and in each sandbox. */
    public static final String FILE_NAME = "pacer-executor.jsa";
    /** The jar's modification time when its archive is made: 2010-01-01T00:00:00Z (any fixed time would do). */
    public static final long JAR_MTIME_EPOCH_SECONDS = 1_262_304_000L;

    private ClassDataArchive() {
    }
}
