package io.pacer.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} does (its javadoc), run against each one by a subclass that says how to open it:
 * the repositories and the rest of the scheduler cannot tell the stores apart.
 */
abstract class StateStoreContract {
    private StateStore store;

    /**
     * A store on this test's location, empty at the test's start; each call opens another one on the same location,
     * as a restarted (or newly elected) Pacer would. The subclass closes what it opened.
     */
    protected abstract StateStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @Test
    void readsBackWhatWasWritten() {
        store.write("framework-id", bytes("fw-1"));
        store.write("apps/web.json", bytes("{\"id\":\"/web\"}"));

        assertThat(text(store, "framework-id")).isEqualTo("fw-1");
        assertThat(text(store, "apps/web.json")).isEqualTo("{\"id\":\"/web\"}");
    }

    @Test
    void aWriteReplacesTheWholeValue() {
        store.write("apps/web.json", bytes("a longer first value"));
        store.write("apps/web.json", bytes("short"));

        assertThat(text(store, "apps/web.json")).isEqualTo("short");
        assertThat(store.keys("apps")).containsExactly("apps/web.json");
    }

    @Test
    void readsNothingWhereNothingWasWritten() {
        store.write("apps/web.json", bytes("x"));

        assertThat(store.read("apps/db.json")).isEmpty();
        assertThat(store.read("nowhere/db.json")).isEmpty();
    }

    @Test
    void aDeleteRemovesTheValueAndItsKey() {
        store.write("apps/web.json", bytes("web"));
        store.write("apps/db.json", bytes("db"));

        store.delete("apps/web.json");

        assertThat(store.read("apps/web.json")).isEmpty();
        assertThat(store.keys("apps")).containsExactly("apps/db.json");
        assertThat(text(store, "apps/db.json")).isEqualTo("db");
    }

    @Test
    void deletingWhatIsNotThereDoesNothing() {
        store.write("apps/web.json", bytes("web"));

        store.delete("apps/db.json");
        store.delete("nowhere/db.json");
        store.delete("apps/web.json");
        store.delete("apps/web.json");

        assertThat(store.keys("apps")).isEmpty();
    }

    @Test
    void keysAreTheValuesDirectlyInTheFolderSorted() {
        store.write("apps/web.json", bytes("1"));
        store.write("apps/db.json", bytes("2"));
        store.write("apps/shop/cart.json", bytes("3"));
        store.write("apps-archive.json", bytes("4"));
        store.write("app-versions/web/1700000000000.json", bytes("5"));

        assertThat(store.keys("apps")).containsExactly("apps/db.json", "apps/web.json");
        assertThat(store.keys("apps/shop")).containsExactly("apps/shop/cart.json");
        assertThat(store.keys("app-versions")).as("a folder holding only a folder").isEmpty();
        assertThat(store.keys("app-versions/web")).containsExactly("app-versions/web/1700000000000.json");
    }

    @Test
    void aFolderWithoutValuesHasNoKeys() {
        assertThat(store.keys("tasks")).isEmpty();

        store.write("tasks/web.1", bytes("task"));
        store.delete("tasks/web.1");

        assertThat(store.keys("tasks")).isEmpty();
    }

    @Test
    void aFolderEndingInTmpIsAnOrdinaryFolder() {
        // the versions of an app called /web.tmp: the file store writes <key>.tmp files first, and must not take this
        // folder for one of them
        store.write("app-versions/web.tmp/1700000000000.json", bytes("v1"));

        StateStore reopened = open();

        assertThat(reopened.keys("app-versions/web.tmp")).containsExactly("app-versions/web.tmp/1700000000000.json");
        assertThat(text(reopened, "app-versions/web.tmp/1700000000000.json")).isEqualTo("v1");
    }

    @Test
    void valuesAreBytesTheEmptyValueIncluded() {
        byte[] everyByte = new byte[256];
        IntStream.range(0, 256).forEach(i -> everyByte[i] = (byte) i);

        store.write("secrets/key", everyByte);
        store.write("secrets/empty", new byte[0]);

        assertThat(store.read("secrets/key")).hasValueSatisfying(v -> assertThat(v).isEqualTo(everyByte));
        assertThat(store.read("secrets/empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(store.keys("secrets")).containsExactly("secrets/empty", "secrets/key");
    }

    @Test
    void holdsManyKeysInOneFolder() {
        List<String> keys = IntStream.range(0, 1000).mapToObj(i -> String.format("tasks/web.%04d", i)).toList();
        keys.forEach(key -> store.write(key, bytes(key)));

        assertThat(store.keys("tasks")).isEqualTo(keys);
        keys.forEach(key -> assertThat(text(store, key)).isEqualTo(key));
    }

    @Test
    void readsEveryValueInAFolderAndItsSubFoldersAtOnce() {
        store.write("tasks/web/web.1", bytes("w1"));
        store.write("tasks/web/web.2", bytes("w2"));
        store.write("tasks/shop..cart/cart.1", bytes("c1"));
        store.write("tasks/flat.1", bytes("f1"));
        store.write("tasks/empty", new byte[0]);
        store.write("tasks/gone/gone.1", bytes("g1"));
        store.delete("tasks/gone/gone.1"); // leaves an empty folder
        store.write("tasks-archive.json", bytes("not in the folder"));
        store.write("apps/web.json", bytes("nor this"));

        SortedMap<String, byte[]> all = store.readAll("tasks");

        assertThat(all.keySet()).containsExactly("tasks/empty", "tasks/flat.1", "tasks/shop..cart/cart.1", "tasks/web/web.1",
                "tasks/web/web.2");
        assertThat(all.get("tasks/web/web.2")).isEqualTo(bytes("w2"));
        assertThat(all.get("tasks/empty")).isEmpty();
        assertThat(store.readAll("tasks/web").keySet()).containsExactly("tasks/web/web.1", "tasks/web/web.2");
        assertThat(store.readAll("tasks/gone")).as("an empty folder").isEmpty();
        assertThat(store.readAll("nowhere")).as("a missing folder").isEmpty();
        assertThat(store.readAll("apps/web.json")).as("a key, not a folder").isEmpty();
    }

    @Test
    void readingAFolderAtOnceGivesWhatReadingItsKeysOneByOneGives() {
        // more values and folders than a store reads at once
        for (int i = 0; i < 2000; i++) {
            store.write("tasks/app" + (i % 150) + "/task" + i, bytes("task " + i));
        }
        SortedMap<String, byte[]> oneByOne = new TreeMap<>();
        for (int app = 0; app < 150; app++) {
            store.keys("tasks/app" + app).forEach(key -> oneByOne.put(key, store.read(key).orElseThrow()));
        }

        SortedMap<String, byte[]> atOnce = open().readAll("tasks");

        assertThat(atOnce).hasSize(2000);
        assertThat(atOnce.keySet()).containsExactlyElementsOf(oneByOne.keySet());
        oneByOne.forEach((key, value) -> assertThat(atOnce.get(key)).as(key).isEqualTo(value));
    }

    @Test
    void holdsAValueOfExactlyItsLimitTheSameForEveryStoreAndRefusesALargerOne() {
        byte[] largest = new byte[store.maxValueBytes()];
        new Random(24).nextBytes(largest);
        store.write("apps/largest.json", largest);

        assertThat(store.maxValueBytes()).as("state moves between stores as it is").isEqualTo(StateStore.DEFAULT_MAX_VALUE_BYTES);
        assertThat(store.read("apps/largest.json")).hasValueSatisfying(v -> assertThat(v).isEqualTo(largest));
        assertThatThrownBy(() -> store.write("apps/largest.json", new byte[store.maxValueBytes() + 1]))
                .isInstanceOfSatisfying(ValueTooLargeException.class, e -> {
                    assertThat(e.key()).isEqualTo("apps/largest.json");
                    assertThat(e.size()).isEqualTo(StateStore.DEFAULT_MAX_VALUE_BYTES + 1);
                    assertThat(e.limit()).isEqualTo(StateStore.DEFAULT_MAX_VALUE_BYTES);
                })
                .hasMessageContainingAll("apps/largest.json", "1032193 bytes", "1032192 bytes");
        assertThat(store.read("apps/largest.json")).as("the value before the refused write").hasValueSatisfying(v -> assertThat(v).isEqualTo(largest));
    }

    @Test
    void writesOfDifferentKeysFromSeveralThreadsAtOnceAllLand() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String folder = "apps/thread" + t;
                writers.add(threads.submit(() -> IntStream.range(0, 50).forEach(i -> store.write(folder + "/" + i, bytes(folder + i)))));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            threads.shutdownNow();
        }

        for (int t = 0; t < 4; t++) {
            assertThat(store.keys("apps/thread" + t)).hasSize(50);
            assertThat(text(store, "apps/thread" + t + "/49")).isEqualTo("apps/thread" + t + "49");
        }
    }

    @Test
    void aStoreOpenedLaterOnTheSameLocationSeesEveryChange() {
        store.write("framework-id", bytes("fw-1"));
        store.write("apps/web.json", bytes("web"));
        store.write("apps/db.json", bytes("db"));
        store.delete("apps/db.json");

        StateStore second = open();
        assertThat(text(second, "framework-id")).isEqualTo("fw-1");
        assertThat(second.keys("apps")).containsExactly("apps/web.json");
        second.write("apps/web.json", bytes("web, version 2"));

        assertThat(text(open(), "apps/web.json")).isEqualTo("web, version 2");
    }

    @Test
    void refusesKeysOutsideTheSyntax() {
        for (String key : List.of("../escape", "/etc/passwd", "apps/../../x", "apps/./web.json", "", "apps/", "apps//web.json",
                "apps/web json", "apps/web.json.tmp")) {
            assertThatThrownBy(() -> store.write(key, bytes("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.read(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        for (String folder : List.of("..", "/", "", "apps/../..")) {
            assertThatThrownBy(() -> store.keys(folder)).as(folder).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.readAll(folder)).as(folder).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(StateStore store, String key) {
        return new String(store.read(key).orElseThrow(() -> new AssertionError("no value under " + key)), StandardCharsets.UTF_8);
    }
}
