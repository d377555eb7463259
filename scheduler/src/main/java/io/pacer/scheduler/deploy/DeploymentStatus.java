package io.pacer.scheduler.deploy;

import java.util.Optional;

/**
 * Where a running deployment stands and, while it is not done, what it waits for, in words a user can act on
 * (Marathon's deployments only list their actions; issue 22: "never stuck in silence").
 *
 * @param instances the app's target count (0 when the deployment removes it)
 * @param newTasks  tasks of the target version that count toward the app (launched, not being killed)
 * @param newReady  of those, the ones that serve: running, healthy when health-checked, past their readiness checks
 * @param oldTasks  tasks still to be replaced, the ones being killed included
 * @param running   every task of the app Pacer has not seen end
 * @param waitingFor what it waits for, e.g. "2 of 4 new tasks to become healthy: last health check failed: HTTP 404";
 *                  empty when the target is reached and the deployment is about to end
 */
public record DeploymentStatus(int instances, int newTasks, int newReady, int oldTasks, int running, Optional<String> waitingFor) {
}
