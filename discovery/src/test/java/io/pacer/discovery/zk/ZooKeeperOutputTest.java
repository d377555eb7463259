package io.pacer.discovery.zk;

import static io.pacer.discovery.view.TestViews.app;
import static io.pacer.discovery.view.TestViews.live;
import static io.pacer.discovery.view.TestViews.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.discovery.file.EndpointsFileOutput;
import io.pacer.discovery.view.EndpointView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String PATH = "/pacer/discovery";
    private static final String WEB = PATH + "/shop_web";
    private static final String DB = PATH + "/db";

    @TempDir
    Path dir;
    private LoopbackZooKeeper server;
    private PlainZooKeeperClient reader;
    private final List<ZooKeeperOutput> outputs = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new LoopbackZooKeeper(Files.createDirectory(dir.resolve("zk")), true);
        reader = new PlainZooKeeperClient(server.connectString());
    }

    @AfterEach
    void stop() throws Exception {
        outputs.forEach(ZooKeeperOutput::close);
        reader.close();
        server.close();
    }

    @Test
    void eachAppIsAPersistentZnodeNamedByItsIdHoldingItsEndpoints() throws Exception {
        output().accept(live(app("/shop/web", 2), app("/db", 1)));

        JsonNode status = reader.awaitJson(PATH, ZooKeeperOutputTest::isLive);
        assertThat(status).isEqualTo(JSON.readTree("{\"live\": true}"));
        assertThat(reader.children(PATH)).containsExactly("db", "shop_web");
        assertThat(reader.json(WEB)).isEqualTo(JSON.readTree("""
                {"id": "/shop/web",
                 "servicePorts": [{"port": 10000, "protocol": "tcp", "name": "http"}],
                 "labels": {"team": "a"},
                 "endpoints": [{"taskId": "shop/web.0", "host": "agent1", "ports": [31000]},
                               {"taskId": "shop/web.1", "host": "agent1", "ports": [31001]}],
                 "updated": "2026-11-25T10:00:00Z"}"""));
        assertThat(reader.json(DB).get("id").asText()).isEqualTo("/db");
        assertThat(reader.stat(DB).getEphemeralOwner()).as("persistent").isZero();
    }

    @Test
    void aChangedAppIsSetInPlaceAndAWatcherOfItsZnodeHearsOfIt() throws Exception {
        ZooKeeperOutput output = output();
        output.accept(live(app("/shop/web", 2)));
        reader.awaitJson(WEB, app -> true);
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        Stat before = new Stat();
        reader.zk().getData(WEB, events::add, before);

        output.accept(live(app("/shop/web", 3)));

        WatchedEvent event = events.poll(PlainZooKeeperClient.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.getType()).isEqualTo(Watcher.Event.EventType.NodeDataChanged);
        assertThat(event.getPath()).isEqualTo(WEB);
        Stat after = reader.stat(WEB);
        assertThat(after.getCzxid()).as("the same znode, not a new one").isEqualTo(before.getCzxid());
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(reader.json(WEB).get("endpoints")).hasSize(3);
    }

    @Test
    void anAppThatWentIsDeletedAndAnUnchangedAppIsNotWritten() throws Exception {
        ZooKeeperOutput output = output();
        output.accept(live(app("/shop/web", 2), app("/db", 1)));
        reader.awaitJson(PATH, ZooKeeperOutputTest::isLive);
        Stat web = reader.stat(WEB);

        output.accept(view(Optional.of(NOW), app("/shop/web", 2)));

        // the path's status is written after the apps: once it says the view is lost, /db is gone
        JsonNode status = reader.awaitJson(PATH, s -> !isLive(s));
        assertThat(status).isEqualTo(JSON.readTree("{\"live\": false, \"lostSince\": \"2026-11-25T10:00:00Z\"}"));
        assertThat(reader.stat(DB)).isNull();
        assertThat(reader.stat(WEB).getMzxid()).as("not written again").isEqualTo(web.getMzxid());
    }

    @Test
    void aRestartedOutputDeletesWhatWentMeanwhileAndRewritesOnlyWhatChanged() throws Exception {
        try (ZooKeeperOutput first = new ZooKeeperOutput(new ZooKeeperUrl(server.connectString(), PATH), CLOCK)) {
            first.accept(live(app("/shop/web", 2), app("/db", 1), app("/old", 1)));
            reader.awaitJson(PATH, ZooKeeperOutputTest::isLive);
        }
        Stat web = reader.stat(WEB);

        output().accept(live(app("/shop/web", 2), app("/db", 2)));

        reader.awaitGone(PATH + "/old");
        reader.awaitJson(DB, db -> db.get("endpoints").size() == 2);
        assertThat(reader.stat(DB).getVersion()).as("set in place").isEqualTo(1);
        assertThat(reader.stat(WEB).getMzxid()).as("unchanged, so not written again").isEqualTo(web.getMzxid());
        assertThat(reader.children(PATH)).containsExactly("db", "shop_web");
    }

    @Test
    void anUnreachableZooKeeperHoldsUpNoOtherOutputAndIsWrittenOnceItAnswers() throws Exception {
        try (LoopbackZooKeeper late = new LoopbackZooKeeper(Files.createDirectory(dir.resolve("late")), false);
                ZooKeeperOutput zk = new ZooKeeperOutput(new ZooKeeperUrl(late.connectString(), PATH), CLOCK, Duration.ofSeconds(1))) {
            EndpointsFileOutput file = new EndpointsFileOutput(dir.resolve("endpoints"), false);
            EndpointView view = live(app("/shop/web", 2));

            // as the watcher hands a view to its outputs: one after the other, on its thread
            List<Consumer<EndpointView>> watchersOutputs = List.of(zk, file);
            long started = System.nanoTime();
            watchersOutputs.forEach(output -> output.accept(view));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Duration.ofMillis(500));
            assertThat(file.allAppsFile()).exists();
            Thread.sleep(3_000); // a write or two fails (1 s to connect, then Curator's retries for 1 s) before it comes up
            late.start();
            try (PlainZooKeeperClient lateReader = new PlainZooKeeperClient(late.connectString())) {
                assertThat(lateReader.awaitJson(PATH + "/shop_web", app -> true).get("endpoints")).hasSize(2);
            }
        }
    }

    @Test
    void closingWhileAWriteWaitsForAnAbsentZooKeeperReturnsAtOnce() throws Exception {
        try (LoopbackZooKeeper absent = new LoopbackZooKeeper(Files.createDirectory(dir.resolve("absent")), false)) {
            ZooKeeperOutput zk = new ZooKeeperOutput(new ZooKeeperUrl(absent.connectString(), PATH), CLOCK);
            zk.accept(live(app("/shop/web", 2)));
            Thread.sleep(200); // the write is waiting for a connection (up to 10 s, then Curator's retries)

            assertTimeoutPreemptively(Duration.ofSeconds(2), zk::close);
        }
    }

    @Test
    void anAppTooLargeForAZnodeIsLeftOutAndTheOthersAreWritten() throws Exception {
        output().accept(live(app("/big", 25_000), app("/shop/web", 1)));

        reader.awaitJson(PATH, ZooKeeperOutputTest::isLive);
        assertThat(reader.children(PATH)).containsExactly("shop_web");
    }

    private ZooKeeperOutput output() {
        ZooKeeperOutput output = new ZooKeeperOutput(new ZooKeeperUrl(server.connectString(), PATH), CLOCK);
        outputs.add(output);
        return output;
    }

    private static boolean isLive(JsonNode status) {
        return status.path("live").asBoolean();
    }
}
