package io.pacer.executor.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The variable every process of a task starts with, {@code PACER_TASK_MARK=<executor run>/<task id>}, and that its
 * descendants inherit: it finds them wherever they moved (a session of their own, re-parented to init), which
 * the session alone does not, and lets the {@link OrphanSweeper} find every process of this executor's tasks
 * after the executor died. The kernel keeps a process's starting environment in {@code /proc/PID/environ}; only a
 * process that is started with another environment (e.g. through {@code env -i}) loses the mark.
 */
public record ProcessMark(String executorRun, String taskId) {
    public static final String VARIABLE = "PACER_TASK_MARK";

    public ProcessMark {
        if (!executorRun.matches("[0-9a-f-]+")) {
            throw new IllegalArgumentException("an executor run id is hexadecimal digits and dashes, was '" + executorRun + "'");
        }
    }

    /** The mark a task's environment carries, if it carries one. */
    public static Optional<ProcessMark> of(Map<String, String> env) {
        String value = env.get(VARIABLE);
        int slash = value == null ? -1 : value.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return Optional.of(new ProcessMark(value.substring(0, slash), value.substring(slash + 1)));
    }

    public String value() {
        return executorRun + "/" + taskId;
    }

    /** Whether the process at {@code procEntry} ({@code /proc/PID}) started with this mark; false once it is gone. */
    boolean isCarriedBy(Path procEntry) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(procEntry.resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return false; // ended meanwhile, or not ours to read
        }
        byte[] entry = (VARIABLE + "=" + value()).getBytes(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == entry.length && Arrays.equals(environ, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
