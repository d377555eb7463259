package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar's command line, run as its own process ({@code java -cp ... Main}, as the jar's manifest does). */
@Tag(ClusterUnderTest.LOCAL_ONLY)
class MainTest {
    @TempDir
    Path workDir;

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Run run = run("--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.stdout).startsWith("Usage: java -jar pacer-local-cluster.jar --work-dir DIR");
    }

    @Test
    void unknownFlagIsOneLineAndExitTwo() throws Exception {
        Run run = run("--work-dir", workDir.toString(), "--bogus", "1");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip()).isEqualTo("pacer-local-cluster: unknown flag --bogus (see --help)");
    }

    @Test
    void badResourcesAreOneLineAndExitTwo() throws Exception {
        Run run = run("--work-dir", workDir.toString(), "--resources", "cpus:many");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip().lines()).hasSize(1);
        assertThat(run.stderr).contains("--resources").contains("'many'");
    }

    @Test
    void anUnknownIsolationIsOneLineAndExitTwo() throws Exception {
        Run run = run("--work-dir", workDir.toString(), "--isolation", "namespaces");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip()).isEqualTo("pacer-local-cluster: --isolation must be cgroups or posix, was 'namespaces'");
    }

    @Test
    void frameworkAuthenticationWithoutReadableCredentialsIsOneLineAndExitTwo() throws Exception {
        Run none = run("--work-dir", workDir.toString(), "--authenticate-http-frameworks");
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.stderr.strip()).isEqualTo(
                "pacer-local-cluster: --authenticate-http-frameworks needs --credentials FILE with the principals and secrets");
        Run missing = run("--work-dir", workDir.toString(), "--authenticate-http-frameworks", "--credentials", "/nonexistent/credentials");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.stderr.strip()).startsWith("pacer-local-cluster: --credentials: cannot read /nonexistent/credentials: ");
    }

    @Test
    void missingWorkDirIsOneLineAndExitTwo() throws Exception {
        Run run = run("--port", "0");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.stderr.strip()).startsWith("pacer-local-cluster: --work-dir is required");
    }

    @Test
    void printsTheMasterUrlWhenReadyAndServesTheSchedulerApi() throws Exception {
        Process process = command("--port", "0", "--work-dir", workDir.toString(), "--agents", "2").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String url = out.readLine();
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
            try (TestScheduler scheduler = TestScheduler.subscribe(URI.create(url), TestScheduler.framework("cli").build())) {
                Set<String> agents = new HashSet<>();
                while (agents.size() < 2) {
                    scheduler.await(Event.Type.OFFERS).getOffers().getOffersList()
                            .forEach(o -> agents.add(o.getAgentId().getValue()));
                }
                assertThat(agents).hasSize(2);
            }
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(String... args) throws Exception {
        Process process = command(args).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout, stderr);
    }

    private static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
