package io.pacer.scheduler.api;

import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.launch.LaunchDelays;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskFailure;
import java.util.Optional;

/** Records what the API asks of the scheduler. */
final class RecordingScheduler implements SchedulerControl {
    final java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile Optional<TaskFailure> lastFailure = Optional.empty();
    volatile Optional<LaunchDelays.Delay> delay = Optional.empty();

    @Override
    public void restart(AppId app) {
        actions.add("restart " + app);
    }

    @Override
    public void killTasks(AppId app, java.util.List<String> taskIds, boolean scale) {
        actions.add("kill " + app + " " + taskIds + " scale=" + scale);
    }

    @Override
    public void resetDelay(AppId app) {
        actions.add("reset " + app);
    }

    @Override
    public Optional<TaskFailure> lastFailure(AppId app) {
        return lastFailure;
    }

    @Override
    public Optional<LaunchDelays.Delay> delay(AppId app) {
        return delay;
    }

    @Override
    public void appsChanged() {
        changes.incrementAndGet();
    }
}
