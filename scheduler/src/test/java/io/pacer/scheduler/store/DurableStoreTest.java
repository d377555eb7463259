package io.pacer.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreTest {
    @TempDir
    Path dir;

    @Test
    void writesReplaceReadsAndDeletes() {
        DurableStore store = new DurableStore(dir);
        store.write("apps/a.json", bytes("one"));
        store.write("apps/a.json", bytes("two"));
        store.write("apps/b.json", bytes("three"));

        assertThat(store.read("apps/a.json")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("two"));
        assertThat(store.keys("apps")).containsExactly("apps/a.json", "apps/b.json");
        store.delete("apps/a.json");
        assertThat(store.read("apps/a.json")).isEmpty();
        assertThat(store.keys("apps")).containsExactly("apps/b.json");
        assertThat(store.keys("nothing")).isEmpty();
    }

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
    void refusesKeysThatLeaveTheStore() {
        DurableStore store = new DurableStore(dir);
        assertThatThrownBy(() -> store.write("../escape", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read("apps/../../x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
