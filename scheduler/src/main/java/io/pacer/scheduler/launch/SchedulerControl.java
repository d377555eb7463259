package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.task.TaskFailure;
import java.util.List;
import java.util.Optional;

/** What the REST API asks of the scheduler; actions are done on the scheduler's thread before they return. */
public interface SchedulerControl {
    void restart(AppId app);

    void killTasks(AppId app, List<String> taskIds, boolean scale);

    void resetDelay(AppId app);

    Optional<TaskFailure> lastFailure(AppId app);

    /** The app's current backoff, if its configuration has failed. */
    Optional<LaunchDelays.Delay> delay(AppId app);

    /** Tells the scheduler that apps changed, so that it acts without waiting for its next tick. */
    void appsChanged();
}
