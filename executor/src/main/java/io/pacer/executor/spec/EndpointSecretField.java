package io.pacer.executor.spec;

import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * The task spec's {@code endpointSecret} (docs/task-spec.md): what the executor's endpoint asks of its callers. Read
 * apart from {@link TaskSpecParser}, so that no {@link TaskSpec}, and nothing that shows or logs one, ever holds it.
 */
public final class EndpointSecretField {
    public static final String NAME = "endpointSecret";

    private EndpointSecretField() {
    }

    /** The secret a LAUNCH's spec carries; empty when it has none or the spec is unreadable (the launch reports that). */
    public static Optional<String> read(TaskInfo task) {
        try {
            return JsonValues.parse(task.getData().toByteArray()) instanceof Map<?, ?> spec && spec.get(NAME) instanceof String secret
                    && !secret.isEmpty() ? Optional.of(secret) : Optional.empty();
        } catch (InvalidTaskException e) {
            return Optional.empty();
        }
    }
}
