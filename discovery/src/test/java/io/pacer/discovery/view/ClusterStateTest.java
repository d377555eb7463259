package io.pacer.discovery.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final ClusterState state = new ClusterState();

    @Test
    void aSnapshotGivesEachAppItsHealthyRunningTasksOnly() throws Exception {
        state.applySnapshot(snapshot(
                task("web.1", "TASK_RUNNING", true, false, 31000),
                task("web.2", "TASK_RUNNING", false, false, 31001),
                task("web.3", "TASK_STAGING", null, false, 31002),
                task("web.4", "TASK_RUNNING", true, true, 31003)));

        AppEndpoints web = state.view(NOW, Optional.empty()).app("/shop/web").orElseThrow();
        assertThat(web.endpoints()).containsExactly(new Endpoint("web.1", "agent1", List.of(31000)));
        assertThat(web.servicePorts()).containsExactly(new ServicePort(10000, Optional.of("http"), "tcp"));
        assertThat(web.labels()).containsEntry("HAPROXY_MODE", "http");
        assertThat(web.segments()).containsExactly("shop", "web");
    }

    @Test
    void eventsMoveTheViewOnAndAKilledTaskNeverComesBack() throws Exception {
        state.applySnapshot(snapshot(task("web.1", "TASK_RUNNING", true, false, 31000)));

        state.apply(event("{\"eventType\": \"status_update_event\", \"taskId\": \"web.2\", \"appId\": \"/shop/web\", "
                + "\"taskStatus\": \"TASK_RUNNING\", \"host\": \"agent1\", \"ports\": [31001]}"));
        assertThat(endpointIds()).as("running, not yet healthy").containsExactly("web.1");
        state.apply(event("{\"eventType\": \"health_status_changed_event\", \"taskId\": \"web.2\", \"alive\": true}"));
        assertThat(endpointIds()).containsExactly("web.1", "web.2");

        state.apply(event("{\"eventType\": \"instance_changed_event\", \"instanceId\": \"web.1\", \"condition\": \"Killing\"}"));
        assertThat(endpointIds()).as("gone the moment its kill is announced").containsExactly("web.2");
        state.applySnapshot(snapshot(task("web.1", "TASK_RUNNING", true, false, 31000), task("web.2", "TASK_RUNNING", true, false, 31001)));
        assertThat(endpointIds()).as("a snapshot read before Pacer stored the kill does not bring it back").containsExactly("web.2");

        state.apply(event("{\"eventType\": \"failed_health_check_event\", \"taskId\": \"web.2\"}"));
        assertThat(endpointIds()).as("an unhealthy task leaves at its first failed check").isEmpty();
    }

    @Test
    void killingAndEndedStatesRemoveATaskAndAppChangesAskForASnapshot() throws Exception {
        state.applySnapshot(snapshot(task("web.1", "TASK_RUNNING", true, false, 31000), task("web.2", "TASK_RUNNING", true, false, 31001)));

        boolean resync = state.apply(event("{\"eventType\": \"status_update_event\", \"taskId\": \"web.1\", \"appId\": \"/shop/web\", "
                + "\"taskStatus\": \"TASK_KILLING\", \"host\": \"agent1\", \"ports\": [31000]}"));
        state.apply(event("{\"eventType\": \"status_update_event\", \"taskId\": \"web.2\", \"appId\": \"/shop/web\", "
                + "\"taskStatus\": \"TASK_FAILED\", \"host\": \"agent1\", \"ports\": [31001]}"));

        assertThat(resync).isFalse();
        assertThat(endpointIds()).isEmpty();
        assertThat(state.apply(event("{\"eventType\": \"api_post_event\"}"))).isTrue();
        assertThat(state.apply(event("{\"eventType\": \"status_update_event\", \"taskId\": \"new.1\", \"appId\": \"/new\", "
                + "\"taskStatus\": \"TASK_RUNNING\", \"host\": \"agent1\", \"ports\": []}"))).as("a task of an app not seen yet").isTrue();
    }

    private List<String> endpointIds() {
        return state.view(NOW, Optional.empty()).app("/shop/web").orElseThrow().endpoints().stream().map(Endpoint::taskId).toList();
    }

    private static JsonNode event(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static String task(String id, String state, Boolean alive, boolean killRequested, int port) {
        String health = alive == null ? "[]" : "[{\"alive\": " + alive + "}]";
        return "{\"id\": \"" + id + "\", \"host\": \"agent1\", \"ports\": [" + port + "], \"state\": \"" + state
                + "\", \"killRequested\": " + killRequested + ", \"healthCheckResults\": " + health + "}";
    }

    private static JsonNode snapshot(String... tasks) throws Exception {
        return JSON.readTree("{\"apps\": [{\"id\": \"/shop/web\", \"labels\": {\"HAPROXY_MODE\": \"http\"}, "
                + "\"portDefinitions\": [{\"port\": 10000, \"name\": \"http\", \"protocol\": \"tcp\"}], "
                + "\"healthChecks\": [{\"protocol\": \"HTTP\"}], \"tasks\": [" + String.join(",", tasks) + "]}]}");
    }
}
