package io.pacer.executor.task;

import java.util.Optional;

/** One step of a task's life (like a Nomad taskrunner hook). */
interface TaskStage {
    /**
     * Does this stage's work.
     *
     * @return the task's terminal update, to end the pipeline here; empty to go on to the next stage
     * @throws InterruptedException when the task was killed while this stage waited (before its process started)
     */
    Optional<TaskUpdate> run(TaskContext context) throws InterruptedException;
}
