package io.pacer.executor.driver;

import static io.pacer.executor.driver.DriverFixture.acknowledged;
import static io.pacer.executor.driver.DriverFixture.launch;
import static io.pacer.executor.driver.DriverFixture.subscribed;
import static io.pacer.executor.driver.DriverFixture.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver over real HTTP and RecordIO against a minimal agent: subscribe, launch, updates, a lost agent, re-subscribe. */
class AgentWireTest {
    @TempDir
    Path sandbox;

    @Test
    void unacknowledgedUpdatesSurviveALostStreamAndAreHandedOverInTheNextSubscribe() throws Exception {
        try (MinimalAgent agent = new MinimalAgent();
             DriverFixture fixture = new DriverFixture(DriverFixture.settings(sandbox, agent.uri(), true,
                     Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(5)))) {
            SubscriptionConnection connection = SubscriptionConnection.start(agent.uri(), java.util.Optional.empty(), fixture.driver);

            Call first = agent.subscribes.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.getFrameworkId().getValue()).isEqualTo("framework-1");
            assertThat(first.getSubscribe().getUnacknowledgedUpdatesCount()).isZero();
            agent.send(subscribed(false));
            agent.send(launch(task("t1", "{\"cmd\": \"exit 0\"}")));
            List<TaskStatus> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Call update = agent.updates.poll(10, TimeUnit.SECONDS);
                assertThat(update).isNotNull();
                sent.add(update.getUpdate().getStatus());
            }
            assertThat(sent).extracting(TaskStatus::getState).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
            assertThat(sent).allSatisfy(s -> assertThat(s.getUuid().size()).isEqualTo(16));

            // The agent restarts before acknowledging anything: the checkpointing executor comes back with it all.
            agent.dropStream();
            Call again = agent.subscribes.poll(10, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(again.getSubscribe().getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getUuid())
                    .containsExactlyElementsOf(sent.stream().map(TaskStatus::getUuid).toList());
            assertThat(again.getSubscribe().getUnacknowledgedTasksList()).extracting(t -> t.getTaskId().getValue()).containsExactly("t1");

            agent.send(subscribed(false));
            for (TaskStatus status : sent) {
                agent.send(acknowledged(status));
            }
            assertThat(fixture.exit.get(10, TimeUnit.SECONDS)).as("idle and everything acknowledged").isZero();
            assertThat(agent.updates).as("nothing sent twice outside SUBSCRIBE").isEmpty();
            assertThat(agent.contentTypes).containsOnly("application/x-protobuf");
            connection.close();
        }
    }
}
