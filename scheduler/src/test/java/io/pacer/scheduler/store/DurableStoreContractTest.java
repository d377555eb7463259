package io.pacer.scheduler.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store keeps the contract; what is its own (torn writes on disk) is in {@link DurableStoreTest}. */
class DurableStoreContractTest extends StateStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StateStore open() {
        return new DurableStore(dir);
    }
}
