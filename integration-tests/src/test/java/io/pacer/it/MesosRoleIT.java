package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --mesos-role} on the real pacer.jar: Pacer subscribes with the role (FrameworkInfo.roles and MULTI_ROLE, which
 * the embedded master refuses to mix with the deprecated 'role', as Mesos does) and its tasks launch on the unreserved
 * resources the embedded cluster offers to that role.
 */
class MesosRoleIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void pacerSubscribesWithItsRoleAndLaunchesOnTheResourcesOfferedToIt() throws Exception {
        List<String> args = new ArrayList<>(List.of(LocalPorts.agentFlags()));
        args.addAll(List.of("--mesos-role", "pacer-apps"));
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), args.toArray(String[]::new))) {
            assertThat(pacer.send("POST", "/v2/apps", "{\"id\": \"/role/web\", \"cmd\": \"exec sleep 1400\", \"cpus\": 0.1,"
                    + " \"mem\": 16, \"instances\": 2}").statusCode()).isEqualTo(201);
            pacer.awaitTasks("/role/web", PacerProcess.running(2), WITHIN);

            String log = Files.readString(dir.resolve("pacer").resolve("pacer.log"));
            assertThat(log).as("the embedded master's word for the FrameworkInfo it got").containsPattern("Framework \\S+ \\(pacer\\) subscribed with role pacer-apps");
            assertThat(log).doesNotContain("Refusing subscription");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }
}
