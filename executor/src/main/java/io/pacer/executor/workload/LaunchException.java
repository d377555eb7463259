package io.pacer.executor.workload;

/** A task's workload could not be started; the message says what was tried and why it failed, for TASK_FAILED. */
public final class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
