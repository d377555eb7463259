package io.pacer.executor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.PortSpec;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {
    @Test
    void mesosAndMarathonVariablesAreSetAndTheTasksOwnWin() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "blue");
        labels.put("haproxy.vhost", "shop.example");
        TaskSpec spec = new TaskSpec(Optional.of(new TaskCommand.Shell("true")), Map.of("MODE", "prod", "PORT1", "overridden"), List.of(),
                List.of(new PortSpec(Optional.of("http"), Optional.of(8080)), new PortSpec(Optional.of("admin-ui"), Optional.empty())),
                Optional.of("/shop/web"), Optional.of("2026-11-25T03:00:00.000Z"), LogRotation.DEFAULT);
        TaskDescription task = new TaskDescription("web.1", "web", spec, new TaskResources(0.5, 64, 0, 0, List.of(31000, 31001, 31002)),
                Optional.empty(), Optional.empty(), labels, Optional.empty());
        TaskEnvironment environment = new TaskEnvironment(
                Map.of("PATH", "/bin", "MESOS_FRAMEWORK_ID", "fw", "MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "secret"), "agent-host", "0a1b-2c");

        Map<String, String> env = environment.forTask(task, Path.of("/sandbox/tasks/web.1"));

        assertThat(env).containsEntry("PATH", "/bin").containsEntry("MESOS_FRAMEWORK_ID", "fw")
                .doesNotContainKey("MESOS_EXECUTOR_AUTHENTICATION_TOKEN")
                .containsEntry("MESOS_SANDBOX", "/sandbox/tasks/web.1").containsEntry("MESOS_TASK_ID", "web.1")
                .containsEntry("HOST", "agent-host")
                .containsEntry("PORT0", "31000").containsEntry("PORT1", "overridden").containsEntry("PORT2", "31002")
                .containsEntry("PORT", "31000").containsEntry("PORTS", "31000,31001,31002")
                .containsEntry("PORT_HTTP", "31000").containsEntry("PORT_8080", "31000").containsEntry("PORT_ADMIN_UI", "31001")
                .containsEntry("MARATHON_APP_ID", "/shop/web").containsEntry("MARATHON_APP_VERSION", "2026-11-25T03:00:00.000Z")
                .containsEntry("MARATHON_APP_RESOURCE_CPUS", "0.5").containsEntry("MARATHON_APP_RESOURCE_MEM", "64")
                .containsEntry("MARATHON_APP_LABELS", "TEAM HAPROXY_VHOST")
                .containsEntry("MARATHON_APP_LABEL_TEAM", "blue").containsEntry("MARATHON_APP_LABEL_HAPROXY_VHOST", "shop.example")
                .containsEntry("MODE", "prod")
                .containsEntry("PACER_TASK_MARK", "0a1b-2c/web.1");
    }

    @Test
    void theTasksOwnVariablesCannotReplaceItsMark() {
        TaskSpec spec = new TaskSpec(Optional.of(new TaskCommand.Shell("true")), Map.of("PACER_TASK_MARK", "mine"), List.of(), List.of(),
                Optional.empty(), Optional.empty(), LogRotation.DEFAULT);
        TaskDescription task = new TaskDescription("web.2", "web", spec, new TaskResources(0.1, 32, 0, 0, List.of()),
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty());

        Map<String, String> env = new TaskEnvironment(Map.of(), "agent-host", "0a1b-2c").forTask(task, Path.of("/sandbox"));

        assertThat(env).containsEntry("PACER_TASK_MARK", "0a1b-2c/web.2");
        assertThat(ProcessMark.of(env)).contains(new ProcessMark("0a1b-2c", "web.2"));
    }

    @Test
    void killPolicyPrecedenceIsTheKillEventsThenTheTasksThenThreeSeconds() {
        java.time.Duration one = java.time.Duration.ofSeconds(1);
        java.time.Duration two = java.time.Duration.ofSeconds(2);
        assertThat(KillPolicy.choose(Optional.of(one), Optional.of(two)).gracePeriod()).isEqualTo(one);
        assertThat(KillPolicy.choose(Optional.empty(), Optional.of(two)).gracePeriod()).isEqualTo(two);
        assertThat(KillPolicy.choose(Optional.empty(), Optional.empty()).gracePeriod()).isEqualTo(java.time.Duration.ofSeconds(3));
    }
}
