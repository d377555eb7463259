package io.pacer.it;

import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * For tests that ask an executor's endpoint directly rather than through Pacer's proxies: the {@code Authorization}
 * Pacer sends it, derived as Pacer derives it from the key in its state ({@code WORK_DIR/state}), for the executor
 * whose sandbox the embedded cluster made under {@code WORK_DIR/cluster}.
 */
final class ExecutorSecrets {
    private ExecutorSecrets() {
    }

    /**
     * The app's one executor, whose Mesos id is {@code pacer.<app id with _>.<configuration digest>.<launcher digest>}
     * (TaskInfoFactory.mesosExecutorId); Pacer derives the secret from the configuration part. Fails if there is
     * none or more than one.
     */
    static String authorization(Path pacerWorkDir, String appId) throws IOException {
        String prefix = "pacer" + appId.replace('/', '_').replaceFirst("^_", ".") + ".";
        List<String> ids;
        try (Stream<Path> dirs = Files.find(pacerWorkDir.resolve("cluster"), 12,
                (p, a) -> a.isDirectory() && p.getParent().getFileName().toString().equals("executors")
                        && p.getFileName().toString().startsWith(prefix))) {
            ids = dirs.map(p -> p.getFileName().toString()).distinct().toList();
        }
        if (ids.size() != 1) {
            throw new AssertionError("expected one executor " + prefix + "* under " + pacerWorkDir.resolve("cluster") + ", found " + ids);
        }
        byte[] key = Files.readAllBytes(pacerWorkDir.resolve("state").resolve(ExecutorEndpointSecrets.STORE_KEY));
        String configuration = ids.get(0).replaceFirst("\\.[0-9a-f]{6}$", "");
        return ExecutorEndpointSecrets.ofKey(key).authorizationOf(configuration);
    }
}
