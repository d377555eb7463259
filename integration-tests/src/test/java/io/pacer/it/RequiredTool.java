package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** A program a test runs that the JDK does not bring (scripts/test installs them on Debian). */
final class RequiredTool {
    private RequiredTool() {
    }

    static void require(String path, String debianPackage) {
        assertThat(Path.of(path)).as("this test needs " + path + ": apt-get install -y " + debianPackage).isExecutable();
    }
}
