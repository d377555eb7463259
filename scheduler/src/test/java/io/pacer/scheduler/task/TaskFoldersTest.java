package io.pacer.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.store.LoopbackZooKeeper;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.store.ZooKeeperSettings;
import io.pacer.scheduler.store.ZooKeeperStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tasks kept in a folder per app ({@code tasks/<app>/<task id>}), on both stores (a real ZooKeeper server for the
 * ZooKeeper store): what an older Pacer kept flat is moved on load, empty folders of apps whose tasks ended cost a load
 * little, and {@code tasks/} grows with apps, not tasks.
 */
class TaskFoldersTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final AtomicInteger ROOTS = new AtomicInteger();
    private static LoopbackZooKeeper zooKeeper;

    enum Store { FILE, ZOOKEEPER }

    @TempDir
    Path dir;
    private final String root = "/pacer-tasks/test" + ROOTS.incrementAndGet();
    private final List<ZooKeeperStore> opened = new ArrayList<>();

    @BeforeAll
    static void startZooKeeper(@TempDir Path dataDir) throws Exception {
        zooKeeper = new LoopbackZooKeeper(dataDir);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(ZooKeeperStore::close);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void keepsEachTaskInItsAppsFolder(Store kind) {
        StateStore store = open(kind);
        TaskRepository tasks = new TaskRepository(store);
        tasks.put(task("web.1", "/web"));
        tasks.put(task("web.2", "/web"));
        tasks.put(task("shop_cart.1", "/shop/cart"));

        assertThat(store.keys("tasks")).isEmpty();
        assertThat(store.keys("tasks/web")).containsExactly("tasks/web/web.1", "tasks/web/web.2");
        assertThat(store.keys("tasks/shop..cart")).containsExactly("tasks/shop..cart/shop_cart.1");

        tasks.remove("web.1");
        tasks.remove("unknown.1");

        assertThat(store.keys("tasks/web")).containsExactly("tasks/web/web.2");
        assertThat(ids(new TaskRepository(open(kind)).all())).containsExactly("shop_cart.1", "web.2");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void movesTheTasksAnOlderPacerKeptFlatIntoTheirAppsFolders(Store kind) throws Exception {
        StateStore store = open(kind);
        TaskRecord flat = task("web.1", "/web").withExecutorEndpoint("http://127.0.0.1:40123");
        store.write("tasks/web.1", new ObjectMapper().writeValueAsBytes(TaskJson.write(flat)));
        store.write("tasks/shop_cart.1", new ObjectMapper().writeValueAsBytes(TaskJson.write(task("shop_cart.1", "/shop/cart"))));

        TaskRepository loaded = new TaskRepository(store);

        assertThat(loaded.get("web.1")).contains(flat);
        assertThat(ids(loaded.of(AppId.parse("/shop/cart")))).containsExactly("shop_cart.1");
        assertThat(store.keys("tasks")).as("no flat key left").isEmpty();
        assertThat(store.keys("tasks/web")).containsExactly("tasks/web/web.1");
        assertThat(store.keys("tasks/shop..cart")).containsExactly("tasks/shop..cart/shop_cart.1");
        TaskRepository reloaded = new TaskRepository(open(kind));
        assertThat(reloaded.all()).containsExactlyElementsOf(loaded.all());
        reloaded.remove("web.1");
        assertThat(open(kind).readAll("tasks").keySet()).containsExactly("tasks/shop..cart/shop_cart.1");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void loadsPastTheEmptyFoldersOfAThousandAppsWhoseTasksEnded(Store kind) {
        TaskRepository tasks = new TaskRepository(open(kind));
        inParallel(1000, i -> {
            tasks.put(task("gone" + i + ".1", "/gone" + i));
            tasks.remove("gone" + i + ".1");
        });
        tasks.put(task("web.1", "/web"));

        TaskRepository reloaded = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new TaskRepository(open(kind)));

        assertThat(ids(reloaded.all())).containsExactly("web.1");
    }

    /** ZooKeeper lists a znode's children in one answer, under jute.maxbuffer: tasks/ must not grow with tasks. */
    @Test
    void theTasksFolderHasAChildPerAppNotPerTask() throws Exception {
        TaskRepository tasks = new TaskRepository(open(Store.ZOOKEEPER));
        inParallel(20_000, i -> tasks.put(task("app" + (i % 200) + "." + i, "/app" + (i % 200))));

        try (CuratorFramework plain = CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100))) {
            plain.start();
            assertThat(plain.getChildren().forPath(root + "/tasks")).hasSize(200);
            assertThat(plain.getChildren().forPath(root + "/tasks/app7")).hasSize(100);
        }
        assertThat(new TaskRepository(open(Store.ZOOKEEPER)).all()).hasSize(20_000);
    }

    private StateStore open(Store kind) {
        if (kind == Store.FILE) {
            return new DurableStore(dir);
        }
        ZooKeeperStore store = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), root));
        opened.add(store);
        return store;
    }

    /** Calls for 0..count-1 from several threads, as the scheduler's do: a store's writes take a round trip each. */
    private static void inParallel(int count, IntConsumer call) {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = IntStream.range(0, count).mapToObj(i -> threads.submit(() -> call.accept(i)))
                    .<Future<?>>map(f -> f).toList();
            for (Future<?> f : calls) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static TaskRecord task(String id, String app) {
        return TaskRecord.intent(id, AppId.parse(app), T0, "cfg", "agent-1", "host", List.of(), T0);
    }

    private static List<String> ids(List<TaskRecord> tasks) {
        return tasks.stream().map(TaskRecord::taskId).sorted().toList();
    }
}
