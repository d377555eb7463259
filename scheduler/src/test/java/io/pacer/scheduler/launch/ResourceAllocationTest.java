package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class ResourceAllocationTest {
    private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final AgentID AGENT = AgentID.newBuilder().setValue("agent-1").build();
    private final TaskInfoFactory factory = new TaskInfoFactory(ExecutorSettings.defaults("http://pacer/pacer-executor.jar"),
            ExecutorEndpointSecrets.random());
    private final AppDefinition app = app("{\"id\": \"/web\", \"cmd\": \"serve\", \"cpus\": 0.1, \"mem\": 32, \"disk\": 10}");

    @Test
    void aLaunchOnAMultiRoleOfferHasEveryResourceOfTaskAndExecutorAllocatedToTheOffersRole() {
        Offer offer = offer().setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("pacer-apps")).build();

        TaskInfo first = ResourceAllocation.asOffered(factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(31000)), offer);
        TaskInfo second = ResourceAllocation.asOffered(factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(31001)), offer);

        assertThat(first.getResourcesList()).extracting(Resource::getName).containsExactly("cpus", "mem", "disk", "ports");
        assertThat(first.getResourcesList()).allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("pacer-apps"));
        assertThat(first.getExecutor().getResourcesList()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("pacer-apps"));
        assertThat(second.getExecutor()).as("one ExecutorInfo for all tasks of an executor").isEqualTo(first.getExecutor());
    }

    @Test
    void anOfferWithoutAllocationInfoLeavesTheLaunchAsBuilt() {
        TaskInfo built = factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(31000));

        assertThat(ResourceAllocation.asOffered(built, offer().build())).isEqualTo(built);
    }

    @Test
    void rolesAreCheckedAsTheMasterChecksThem() {
        assertThat(MesosRole.problem("*")).isEmpty();
        assertThat(MesosRole.problem("pacer-apps")).isEmpty();
        assertThat(MesosRole.problem("team/web")).isEmpty();
        assertThat(MesosRole.problem("")).contains("Role names cannot be the empty string");
        assertThat(MesosRole.problem("/web")).contains("Role '/web' cannot start with a slash");
        assertThat(MesosRole.problem("web/")).contains("Role 'web/' cannot end with a slash");
        assertThat(MesosRole.problem("a//b")).contains("Role 'a//b' cannot contain two adjacent slashes");
        assertThat(MesosRole.problem("a/..")).contains("Role 'a/..' cannot include '..' as a component");
        assertThat(MesosRole.problem("a/*")).contains("Role 'a/*' cannot include '*' as a component");
        assertThat(MesosRole.problem("-web")).contains("Role component '-web' is invalid because it starts with a dash");
        assertThat(MesosRole.problem("my web")).contains("Role component 'my web' is invalid because it contains backspace or whitespace");
        assertThatThrownBy(() -> new MesosRole(".")).hasMessage("Role '.' cannot include '.' as a component");
    }

    private static AppDefinition app(String json) {
        try {
            return AppJsonReader.read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), java.util.Optional.empty(),
                    java.time.Instant.parse("2026-11-25T10:00:00Z"));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Offer.Builder offer() {
        return Offer.newBuilder().setId(OfferID.newBuilder().setValue("o-1")).setFrameworkId(FW).setAgentId(AGENT).setHostname("agent-1");
    }
}
