package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import mesosphere.marathon.client.Marathon;
import mesosphere.marathon.client.MarathonClient;
import mesosphere.marathon.client.MarathonException;
import mesosphere.marathon.client.model.v2.App;
import mesosphere.marathon.client.model.v2.Deployment;
import mesosphere.marathon.client.model.v2.GetServerInfoResponse;
import mesosphere.marathon.client.model.v2.QueueElement;
import mesosphere.marathon.client.model.v2.Result;
import mesosphere.marathon.client.model.v2.Task;
import mesosphere.marathon.client.model.v2.VersionedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mesosphere's own Java client for Marathon ({@code com.mesosphere:marathon-client:0.6.3}), unchanged, against the real
 * pacer.jar on its embedded cluster: every call of its surface that Pacer serves, and its error handling. A Marathon
 * user's tooling built on it must work as it does against Marathon.
 */
class MarathonClientIT {
    private static final String ID = "/client-check/sleeper";
    /** Marathon's timestamps: UTC, exactly three fraction digits (state/Timestamp.scala). */
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theJavaClientDrivesAnAppsWholeLife() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            Marathon marathon = MarathonClient.getInstance(pacer.uri.toString());

            GetServerInfoResponse info = marathon.getServerInfo();
            assertThat(info.getElected()).isTrue();
            assertThat(info.getLeader()).isEqualTo(pacer.uri.getHost() + ":" + pacer.uri.getPort());

            VersionedApp created = marathon.createApp(app(ID, "exec sleep 1201", 1));
            assertThat(created.getId()).isEqualTo(ID);
            assertThat(created.getVersion()).matches(TIMESTAMP);
            VersionedApp shown = marathon.getApp(ID).getApp();
            assertThat(shown.getId()).isEqualTo(ID);
            assertThat(shown.getInstances()).isEqualTo(1);
            assertThat(shown.getCmd()).isEqualTo("exec sleep 1201");

            List<Task> first = awaitRunning(marathon, 1);
            Task task = first.get(0);
            assertThat(task.getAppId()).isEqualTo(ID);
            assertThat(task.getStagedAt()).matches(TIMESTAMP);
            assertThat(task.getStartedAt()).matches(TIMESTAMP);
            assertThat(task.getVersion()).isEqualTo(created.getVersion());
            assertThat(marathon.getTasks().getTasks()).extracting(Task::getId).contains(task.getId());

            assertThat(marathon.getApps().getApps()).extracting(App::getId).containsExactly(ID);
            VersionedApp listed = marathon.getApps(Map.of("embed", "apps.tasks")).getApps().get(0);
            assertThat(listed.getTasks()).extracting(Task::getId).containsExactly(task.getId());
            assertThat(listed.getTasksRunning()).isEqualTo(1);
            assertThat(marathon.getApps(Map.of("cmd", "SLEEP 1201")).getApps()).hasSize(1);
            assertThat(marathon.getApps(Map.of("cmd", "python")).getApps()).isEmpty();

            awaitDeployed(marathon);
            Result scaled = marathon.updateApp(ID, scaleTo(3), false);
            assertThat(scaled.getDeploymentId()).isNotBlank();
            assertThat(scaled.getVersion()).matches(TIMESTAMP);
            Set<String> three = ids(awaitRunning(marathon, 3));

            awaitDeployed(marathon);
            Result restarted = marathon.restartApp(ID, false);
            assertThat(restarted.getDeploymentId()).isNotBlank();
            Set<String> fresh = ids(Poll.until(WITHIN, () -> "three running tasks, none of " + three,
                    () -> running(marathon, 3).filter(t -> ids(t).stream().noneMatch(three::contains))));

            String victim = fresh.iterator().next();
            Task killed = marathon.deleteAppTask(ID, victim, "false").getTask();
            assertThat(killed.getId()).isEqualTo(victim);
            Set<String> replaced = ids(Poll.until(WITHIN, () -> "three running tasks, " + victim + " replaced",
                    () -> running(marathon, 3).filter(t -> !ids(t).contains(victim))));

            String shrunk = replaced.iterator().next();
            marathon.deleteAppTask(ID, shrunk, "true");
            Set<String> two = ids(Poll.until(WITHIN, () -> "two running tasks without " + shrunk,
                    () -> running(marathon, 2).filter(t -> !ids(t).contains(shrunk))));
            assertThat(marathon.getApp(ID).getApp().getInstances()).isEqualTo(2);

            assertThat(marathon.deleteAppTasks(ID, "elsewhere.example", "false").getTasks())
                    .as("a host with none of the app's tasks kills none").isEmpty();
            assertThat(ids(running(marathon, 2).orElseThrow())).isEqualTo(two);
            String host = marathon.getAppTasks(ID).getTasks().get(0).getHost();
            Collection<Task> drained = marathon.deleteAppTasks(ID, host, "false").getTasks();
            assertThat(ids(List.copyOf(drained))).isEqualTo(two);
            Poll.until(WITHIN, () -> "two new running tasks", () -> running(marathon, 2).filter(t -> ids(t).stream().noneMatch(two::contains)));
            marathon.deleteAppTasks(ID, host, "true");
            Poll.until(WITHIN, () -> "no task left after a kill with scale", () -> running(marathon, 0));
            assertThat(marathon.getApp(ID).getApp().getInstances()).isZero();

            awaitDeployed(marathon);
            Result deleted = marathon.deleteApp(ID);
            assertThat(deleted.getDeploymentId()).isNotBlank();
            MarathonException gone = catchThrowableOfType(() -> marathon.getApp(ID), MarathonException.class);
            assertThat(gone.getStatus()).isEqualTo(404);
            assertThat(gone.getMessage()).contains("App '" + ID + "' does not exist");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void theQueueAndErrorsReadAsTheClientExpects() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            Marathon marathon = MarathonClient.getInstance(pacer.uri.toString());
            App tooBig = app("/client-check/waiting", "exec sleep 1201", 2);
            tooBig.setMem(64.0 * 1024 * 1024);
            marathon.createApp(tooBig);

            QueueElement waiting = Poll.until(WITHIN, () -> "the app in the queue", () -> marathon.getQueue().getQueue().stream()
                    .filter(e -> e.getApp().getId().equals("/client-check/waiting")).findFirst());
            assertThat(waiting.getCount()).isEqualTo(2);
            assertThat(waiting.getDelay().isOverdue()).isTrue();

            MarathonException conflict = catchThrowableOfType(() -> marathon.createApp(tooBig), MarathonException.class);
            assertThat(conflict.getStatus()).isEqualTo(409);
            assertThat(conflict.getMessage()).contains("An app with id [/client-check/waiting] already exists.");

            MarathonException reserved = catchThrowableOfType(() -> marathon.createApp(app("/client-check/tasks", "sleep 1", 1)),
                    MarathonException.class);
            assertThat(reserved.getStatus()).isEqualTo(422);
            assertThat(reserved.getMessage()).contains("Object is not valid")
                    .contains("must not end with any of the following reserved keywords: restart, tasks, versions, ., ..");

            MarathonException noTask = catchThrowableOfType(() -> marathon.deleteAppTask("/client-check/waiting", "client-check_waiting.nope", "false"),
                    MarathonException.class);
            assertThat(noTask.getStatus()).isEqualTo(404);
            assertThat(noTask.getMessage()).contains("Task 'client-check_waiting.nope' does not exist");

            // it never runs, so its deployment never ends and holds the app (AppLockedException)
            Deployment holding = Poll.until(WITHIN, () -> "the app's deployment in " + pacer.get("/v2/deployments") + "\nPacer's log:\n" + pacer.tail(),
                    () -> marathon.getDeployments().stream()
                    .filter(d -> d.getAffectedApps().contains("/client-check/waiting")).findFirst());
            assertThat(holding.getCurrentStep()).isEqualTo(1);
            assertThat(holding.getTotalSteps()).isEqualTo(1);
            MarathonException locked = catchThrowableOfType(() -> marathon.updateApp("/client-check/waiting", scaleTo(1), false),
                    MarathonException.class);
            assertThat(locked.getStatus()).isEqualTo(409);
            assertThat(locked.getMessage()).contains("App is locked by one or more deployments. Override with the option '?force=true'.");
            Result forced = marathon.updateApp("/client-check/waiting", scaleTo(1), true);
            assertThat(marathon.getDeployments()).extracting(Deployment::getId).containsExactly(forced.getDeploymentId());

            List<String> versions = List.copyOf(marathon.getAppVersions("/client-check/waiting").getVersions());
            assertThat(versions).as("newest first").hasSize(2).first().isEqualTo(forced.getVersion());
            assertThat(marathon.getAppVersion("/client-check/waiting", versions.get(1)).getInstances()).isEqualTo(2);

            marathon.cancelDeployment(forced.getDeploymentId());
            assertThat(marathon.getDeployments()).isEmpty();
            marathon.deleteApp("/client-check/waiting");
            assertThat(marathon.getQueue().getQueue()).isEmpty();
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /** Waits until no deployment holds the app: a change of an app a deployment holds is refused with 409. */
    private static void awaitDeployed(Marathon marathon) throws Exception {
        Poll.until(WITHIN, () -> "no deployment of " + ID + " in " + marathon.getDeployments(),
                () -> marathon.getDeployments().stream().noneMatch(d -> d.getAffectedApps().contains(ID)) ? Optional.of(true) : Optional.empty());
    }

    private static App app(String id, String cmd, int instances) {
        App app = new App();
        app.setId(id);
        app.setCmd(cmd);
        app.setInstances(instances);
        app.setCpus(0.1);
        app.setMem(16.0);
        return app;
    }

    private static App scaleTo(int instances) {
        App change = new App();
        change.setInstances(instances);
        return change;
    }

    private static List<Task> awaitRunning(Marathon marathon, int count) throws Exception {
        return Poll.until(WITHIN, () -> count + " running tasks of " + ID + ", had " + marathon.getAppTasks(ID).getTasks().size(),
                () -> running(marathon, count));
    }

    /** The app's tasks when there are exactly {@code count}, all running. */
    private static Optional<List<Task>> running(Marathon marathon, int count) {
        List<Task> tasks = marathon.getAppTasks(ID).getTasks();
        boolean all = tasks.size() == count && tasks.stream().allMatch(t -> "TASK_RUNNING".equals(t.getState()));
        return all ? Optional.of(tasks) : Optional.empty();
    }

    private static Set<String> ids(List<Task> tasks) {
        return tasks.stream().map(Task::getId).collect(Collectors.toSet());
    }
}
