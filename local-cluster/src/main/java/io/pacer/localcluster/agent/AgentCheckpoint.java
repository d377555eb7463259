package io.pacer.localcluster.agent;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * An agent's checkpoints under {@code <work_dir>/meta}, laid out as Mesos's (src/slave/paths.cpp):
 * {@code slaves/latest}, {@code slaves/<agent>/slave.info}, {@code frameworks/<fw>/framework.info},
 * {@code executors/<ex>/executor.info}, {@code runs/<container>/pids/forked.pid},
 * {@code tasks/<task>/task.info} and {@code task.updates}. Files are protobuf, written atomically (temp + rename);
 * the contents are Pacer's own, not byte-compatible with Mesos.
 */
final class AgentCheckpoint {
    record RecoveredTask(TaskInfo info, TaskUpdateLog log, TaskUpdateLog.Replay replay) {
    }

    /** {@code process} holds the pid and start time, if both were checkpointed. */
    record RecoveredRun(ExecutorInfo executor, ContainerID containerId, Optional<RecordedProcess> process, boolean terminated,
                        List<RecoveredTask> tasks) {
    }

    record RecordedProcess(long pid, Instant started) {
    }

    record RecoveredFramework(FrameworkInfo info, List<RecoveredRun> runs) {
    }

    private final Path meta;

    AgentCheckpoint(Path workDir) {
        this.meta = workDir.resolve("meta");
    }

    Optional<AgentInfo> latestAgent() throws IOException {
        Path latest = meta.resolve("slaves").resolve("latest");
        if (!Files.exists(latest)) {
            return Optional.empty();
        }
        String id = Files.readString(latest, StandardCharsets.UTF_8).strip();
        return Optional.of(read(agentDir(AgentID.newBuilder().setValue(id).build()).resolve("slave.info"), AgentInfo.parser()));
    }

    void writeAgent(AgentInfo info) throws IOException {
        write(agentDir(info.getId()).resolve("slave.info"), info.toByteArray());
        write(meta.resolve("slaves").resolve("latest"), info.getId().getValue().getBytes(StandardCharsets.UTF_8));
    }

    void writeFramework(AgentID agent, FrameworkInfo info) throws IOException {
        write(frameworkDir(agent, info.getId()).resolve("framework.info"), info.toByteArray());
    }

    void writeExecutor(AgentID agent, ExecutorInfo info) throws IOException {
        write(executorDir(agent, info.getFrameworkId(), info.getExecutorId()).resolve("executor.info"), info.toByteArray());
    }

    /** The pid, and beside it the process's start time, so that a recycled pid is not mistaken for the executor. */
    void writePid(AgentID agent, ExecutorRun run, ProcessSession process) throws IOException {
        Path pids = runDir(agent, run).resolve("pids");
        write(pids.resolve("forked.pid"), Long.toString(process.pid()).getBytes(StandardCharsets.UTF_8));
        if (process.startTime().isPresent()) {
            write(pids.resolve("forked.start"), process.startTime().get().toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The run's process is gone; its tasks' update streams may still have updates to deliver. */
    void markTerminated(AgentID agent, ExecutorRun run) throws IOException {
        write(runDir(agent, run).resolve("terminated"), new byte[0]);
    }

    void writeTask(AgentID agent, ExecutorRun run, TaskInfo task) throws IOException {
        write(taskDir(agent, run, task.getTaskId()).resolve("task.info"), task.toByteArray());
    }

    TaskUpdateLog taskUpdates(AgentID agent, ExecutorRun run, TaskID task) {
        return new TaskUpdateLog(taskDir(agent, run, task).resolve("task.updates"));
    }

    /** Everything a previous run of this agent checkpointed. */
    List<RecoveredFramework> recover(AgentID agent) throws IOException {
        List<RecoveredFramework> frameworks = new ArrayList<>();
        for (Path fw : children(agentDir(agent).resolve("frameworks"))) {
            FrameworkInfo info = read(fw.resolve("framework.info"), FrameworkInfo.parser());
            List<RecoveredRun> runs = new ArrayList<>();
            for (Path ex : children(fw.resolve("executors"))) {
                ExecutorInfo executor = read(ex.resolve("executor.info"), ExecutorInfo.parser());
                for (Path run : children(ex.resolve("runs"))) {
                    runs.add(recoverRun(executor, run));
                }
            }
            frameworks.add(new RecoveredFramework(info, runs));
        }
        return frameworks;
    }

    private RecoveredRun recoverRun(ExecutorInfo executor, Path run) throws IOException {
        Path pidFile = run.resolve("pids").resolve("forked.pid");
        Path startFile = run.resolve("pids").resolve("forked.start");
        Optional<RecordedProcess> process = Files.exists(pidFile) && Files.exists(startFile)
                ? Optional.of(new RecordedProcess(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip()),
                        Instant.parse(Files.readString(startFile, StandardCharsets.UTF_8).strip())))
                : Optional.empty();
        List<RecoveredTask> tasks = new ArrayList<>();
        for (Path task : children(run.resolve("tasks"))) {
            TaskUpdateLog log = new TaskUpdateLog(task.resolve("task.updates"));
            tasks.add(new RecoveredTask(read(task.resolve("task.info"), TaskInfo.parser()), log, TaskUpdateLog.read(task.resolve("task.updates"))));
        }
        ContainerID containerId = ContainerID.newBuilder().setValue(run.getFileName().toString()).build();
        return new RecoveredRun(executor, containerId, process, Files.exists(run.resolve("terminated")), tasks);
    }

    private Path agentDir(AgentID agent) {
        return meta.resolve("slaves").resolve(agent.getValue());
    }

    private Path frameworkDir(AgentID agent, FrameworkID framework) {
        return agentDir(agent).resolve("frameworks").resolve(framework.getValue());
    }

    private Path executorDir(AgentID agent, FrameworkID framework, ExecutorID executor) {
        return frameworkDir(agent, framework).resolve("executors").resolve(executor.getValue());
    }

    private Path runDir(AgentID agent, ExecutorRun run) {
        return executorDir(agent, run.frameworkId, run.info.getExecutorId()).resolve("runs").resolve(run.containerId.getValue());
    }

    private Path taskDir(AgentID agent, ExecutorRun run, TaskID task) {
        return runDir(agent, run).resolve("tasks").resolve(task.getValue());
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static <M extends Message> M read(Path file, Parser<M> parser) throws IOException {
        return parser.parseFrom(Files.readAllBytes(file));
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
