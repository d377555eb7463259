package io.pacer.discovery.file;

import static io.pacer.discovery.view.TestViews.app;
import static io.pacer.discovery.view.TestViews.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsFileOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesEveryAppAndOneFilePerAppAndRemovesTheFileOfAnAppThatWent() throws Exception {
        EndpointsFileOutput output = new EndpointsFileOutput(dir, true);

        output.accept(view(Optional.empty(), app("/shop/web", 2), app("/db", 1)));
        JsonNode all = JSON.readTree(dir.resolve("endpoints.json").toFile());
        JsonNode web = JSON.readTree(dir.resolve("apps/shop_web.json").toFile());
        output.accept(view(Optional.of(Instant.parse("2026-11-25T10:00:00Z")), app("/shop/web", 2)));

        assertThat(all.get("live").asBoolean()).isTrue();
        assertThat(all.get("apps").get("/db").get("endpoints")).hasSize(1);
        assertThat(web.get("app").get("endpoints").get(1).get("ports").get(0).asInt()).isEqualTo(31001);
        assertThat(web.get("app").get("servicePorts").get(0).get("name").asText()).isEqualTo("http");
        assertThat(dir.resolve("apps/db.json")).doesNotExist();
        JsonNode lost = JSON.readTree(dir.resolve("endpoints.json").toFile());
        assertThat(lost.get("live").asBoolean()).isFalse();
        assertThat(lost.get("lostSince").asText()).isEqualTo("2026-11-25T10:00:00Z");
    }

    @Test
    void aReaderNeverSeesHalfAFileAndAnUnchangedViewWritesNothing() throws Exception {
        EndpointsFileOutput output = new EndpointsFileOutput(dir, false);
        output.accept(view(Optional.empty(), app("/web", 1)));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    JSON.readTree(Files.readAllBytes(output.allAppsFile()));
                } catch (Exception e) {
                    torn.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            output.accept(view(Optional.empty(), app("/web", 1 + i % 50)));
        }
        writing.set(false);
        reader.join();
        var modified = Files.getLastModifiedTime(output.allAppsFile());
        Thread.sleep(20);
        output.accept(view(Optional.empty(), app("/web", 1 + 299 % 50)));

        assertThat(reads.get()).isPositive();
        assertThat(torn.get()).as("reads of half a file, of " + reads.get()).isZero();
        assertThat(Files.getLastModifiedTime(output.allAppsFile())).isEqualTo(modified);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("endpoints.json");
        }
    }
}
