package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every web UI test class shares: one Pacer and one headless Chromium for the whole class, its tests in order,
 * and at the end both closed with nothing left running under the class's folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WebUiSession {
    @TempDir
    static Path dir;
    PacerProcess pacer;
    WebUiPage ui;

    /**
     * The flags Pacer starts with: agent ports of its own, since another Pacer's task on the default ports would make
     * this one's fail to bind.
     */
    String[] pacerFlags() throws Exception {
        return LocalPorts.agentFlags();
    }

    /** What a class sets up through the API before the browser opens. */
    void beforeBrowser() throws Exception {
    }

    @BeforeAll
    void startPacerAndBrowser() throws Exception {
        pacer = PacerProcess.start(dir.resolve("pacer"), pacerFlags());
        beforeBrowser();
        ui = WebUiPage.open();
    }

    @AfterAll
    void closeBoth() throws Exception {
        WebUiPage.closeBoth(ui, pacer);
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }
}
