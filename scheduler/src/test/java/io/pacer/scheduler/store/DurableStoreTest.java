package io.pacer.scheduler.store;

import static io.pacer.scheduler.store.StateStoreContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's own behaviour; what every store does is in {@link StateStoreContract}. */
class DurableStoreTest {
    @TempDir
    Path dir;

    @Test
    void survivesAWriteCutShortByKeepingTheOldValue() throws Exception {
        DurableStore store = new DurableStore(dir);
        store.write("framework-id", bytes("fw-1"));
        // what kill -9 in the middle of a write leaves: a temporary file beside the intact old value
        Files.writeString(dir.resolve("framework-id.tmp"), "fw-2 (torn");

        DurableStore reopened = new DurableStore(dir);

        assertThat(new String(reopened.read("framework-id").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("fw-1");
        assertThat(dir.resolve("framework-id.tmp")).doesNotExist();
    }

    @Test
    void aWriteUnderWayIsNoKey() throws Exception {
        DurableStore store = new DurableStore(dir);
        store.write("apps/web.json", bytes("web"));
        Files.writeString(dir.resolve("apps/db.json.tmp"), "{\"id\":"); // another thread's write, not yet renamed

        assertThat(store.keys("apps")).containsExactly("apps/web.json");
    }
}
