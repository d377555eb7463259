package io.pacer.it;

import static io.pacer.it.PacerProcess.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's tarball example: an archive fetched with its sha256, and the same app with a wrong one. */
class TarballExampleIT {
    private static final Path ROOT = Path.of(System.getProperty("pacer.root"));
    private static final String APP = "/examples/site";

    @TempDir
    Path dir;

    @Test
    void anArchiveWithItsChecksumIsFetchedUnpackedAndServed() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            launch(pacer);

            JsonNode tasks = pacer.awaitTasks(APP, healthy(1), Duration.ofSeconds(60));
            int port = tasks.get(0).get("ports").get(0).asInt();
            HttpResponse<String> page = pacer.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("Served from a .tar.gz that Pacer fetched");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aWrongChecksumFailsTheTaskNamingItAndTheAppKeepsRetryingWithBackoff() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            launch(pacer, "0".repeat(64));

            JsonNode first = events.await(e -> failed(e, null), Duration.ofSeconds(60));
            assertThat(first.get("message").asText()).contains("sha256 mismatch", "0".repeat(64));
            JsonNode second = events.await(e -> failed(e, first), Duration.ofSeconds(60));
            JsonNode third = events.await(e -> failed(e, second), Duration.ofSeconds(60));
            Duration gap1 = between(first, second);
            Duration gap2 = between(second, third);
            assertThat(gap1).as("the first retry waits the 1 s backoff").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(gap2).as("the second waits 2 s").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(pacer.get("/v2/apps" + APP).get("app").get("lastTaskFailure").get("message").asText()).contains("sha256 mismatch");
            assertThat(pacer.send("GET", "/ping", null).body()).as("nothing crashed").isEqualTo("pong");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static void launch(PacerProcess pacer, String... sha256) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("examples/tarball/launch.sh").toString(), pacer.uri.toString()));
        command.addAll(List.of(sha256));
        Process launch = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(launch.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(launch.exitValue()).as(new String(launch.getInputStream().readAllBytes())).isZero();
    }

    /** A TASK_FAILED of the app after {@code previous} (by timestamp), or the first one. */
    private static boolean failed(JsonNode e, JsonNode previous) {
        return EventStreamClient.appStatus(APP, "TASK_FAILED").test(e)
                && (previous == null || Instant.parse(e.get("timestamp").asText()).isAfter(Instant.parse(previous.get("timestamp").asText())));
    }

    private static Duration between(JsonNode a, JsonNode b) {
        return Duration.between(Instant.parse(a.get("timestamp").asText()), Instant.parse(b.get("timestamp").asText()));
    }
}
