package io.pacer.localcluster.conformance;

import io.pacer.localcluster.testexecutor.TestExecutor;
import java.util.List;
import java.util.UUID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Builds tasks and calls for the {@link TestExecutor}, run from this JVM's own java and class path. */
final class Tasks {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    private Tasks() {
    }

    static ExecutorInfo.Builder executor(String id) {
        return ExecutorInfo.newBuilder()
                .setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue(id))
                .setCommand(CommandInfo.newBuilder()
                        .setShell(true)
                        .setValue("exec '" + JAVA + "' -Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + CLASS_PATH + "' "
                                + TestExecutor.class.getName())
                        .setEnvironment(Environment.newBuilder().addVariables(
                                Environment.Variable.newBuilder().setName("PACER_TEST").setValue("conformance"))))
                // a small JVM takes about 100 MB; under cgroups isolation the container holds no more than this plus its tasks' mem
                .addAllResources(List.of(scalar("cpus", 0.1), scalar("mem", 128)));
    }

    static TaskInfo.Builder task(Offer offer, ExecutorInfo.Builder executor, String behaviour) {
        return TaskInfo.newBuilder()
                .setName("test-task")
                .setTaskId(TaskID.newBuilder().setValue("task-" + UUID.randomUUID()))
                .setAgentId(offer.getAgentId())
                .setExecutor(executor)
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("behaviour").setValue(behaviour)))
                .addAllResources(List.of(scalar("cpus", 0.2), scalar("mem", 64)));
    }

    static TaskInfo.Builder task(Offer offer, String behaviour) {
        return task(offer, executor("executor-" + UUID.randomUUID()), behaviour);
    }

    static Call.Builder launch(Offer offer, TaskInfo.Builder... tasks) {
        Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
        for (TaskInfo.Builder t : tasks) {
            launch.addTaskInfos(t);
        }
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch)));
    }

    static Call.Builder kill(TaskID task) {
        return Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(task));
    }

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Resource ports(long begin, long end) {
        return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end))).build();
    }
}
