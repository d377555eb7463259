package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.resources.ResourceSpec;
import io.pacer.localcluster.testexecutor.TestExecutor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several agents in one process, each with its own id, resources, port and work dir. */
@Tag(ClusterUnderTest.LOCAL_ONLY)
class MultiAgentTest {
    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir).withAgents(3, ResourceSpec.parse("cpus:1;mem:512;ports:[31000-31001]")));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyAgentIsOfferedWithItsOwnIdAndAddress() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("agents").build())) {
            Map<AgentID, Offer> byAgent = new HashMap<>();
            while (byAgent.size() < 3) {
                for (Offer offer : scheduler.await(Event.Type.OFFERS).getOffers().getOffersList()) {
                    byAgent.put(offer.getAgentId(), offer);
                }
            }
            assertThat(byAgent.values().stream().map(o -> o.getUrl().getAddress().getPort()).distinct()).hasSize(3);
        }
    }

    @Test
    void executorsWithTheSameIdOnTwoAgentsAreTwoExecutors() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("agents").build())) {
            Map<AgentID, Offer> byAgent = new HashMap<>();
            while (byAgent.size() < 2) {
                for (Offer offer : scheduler.await(Event.Type.OFFERS).getOffers().getOffersList()) {
                    byAgent.put(offer.getAgentId(), offer);
                }
            }
            ExecutorInfo.Builder executor = Tasks.executor("same-everywhere");
            Map<AgentID, String> sandboxes = new HashMap<>();
            for (Offer offer : byAgent.values().stream().limit(2).toList()) {
                TaskInfo.Builder task = Tasks.task(offer, executor, "run");
                scheduler.call(Tasks.launch(offer, task));
                sandboxes.put(offer.getAgentId(), TestExecutor.environmentOf(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING))
                        .getProperty("MESOS_SANDBOX"));
            }
            assertThat(sandboxes.values()).doesNotHaveDuplicates();
            sandboxes.forEach((agent, sandbox) -> assertThat(sandbox).contains("/slaves/" + agent.getValue() + "/"));
        }
    }
}
