package io.pacer.localcluster.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * An executor run's sandbox, laid out as Mesos lays it out (src/slave/paths.cpp {@code getExecutorRunPath}):
 * {@code <work_dir>/slaves/<agent>/frameworks/<framework>/executors/<executor>/runs/<container>}, with the
 * executor's {@code stdout} and {@code stderr} files in it.
 */
public record Sandbox(Path directory) {

    public static Sandbox of(Path workDir, AgentID agent, FrameworkID framework, ExecutorID executor, ContainerID container) {
        return new Sandbox(workDir.resolve("slaves").resolve(agent.getValue())
                .resolve("frameworks").resolve(framework.getValue())
                .resolve("executors").resolve(executor.getValue())
                .resolve("runs").resolve(container.getValue()));
    }

    public Sandbox create() throws IOException {
        Files.createDirectories(directory);
        return this;
    }

    public Path stdout() {
        return directory.resolve("stdout");
    }

    public Path stderr() {
        return directory.resolve("stderr");
    }
}
