package io.pacer.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the Docker end-to-end tests share: the busybox test image is there, and each test's Pacer leaves no container. */
abstract class DockerEndToEnd {
    @TempDir
    Path dir;

    @BeforeAll
    static void image() throws Exception {
        TestDocker.ensureTestImage();
    }

    @AfterEach
    void stoppingPacerLeavesNoContainer() throws Exception {
        TestDocker.assertNoContainerLeft(dir);
    }
}
