package io.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.task.ArtifactStage;
import io.pacer.executor.task.ArtifactStageException;
import io.pacer.staging.ArtifactStager;
import io.pacer.staging.StagingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedArtifactsTest {
    @TempDir
    Path dir;

    @Test
    void theCacheLivesBesideTheAgentsWorkDirUnlessConfigured() {
        Path sandbox = Path.of("/var/lib/mesos/slaves/S0/frameworks/F/executors/E/runs/C");
        assertThat(StagedArtifacts.cacheDir(Map.of(), sandbox)).isEqualTo(Path.of("/var/lib/mesos/artifact-cache"));
        assertThat(StagedArtifacts.cacheDir(Map.of("PACER_ARTIFACT_CACHE", "/cache"), sandbox)).isEqualTo(Path.of("/cache"));
        assertThat(StagedArtifacts.cacheDir(Map.of(), Path.of("/somewhere/else")))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "pacer-artifact-cache"));
    }

    @Test
    void stagesArtifactsIntoTheSandboxAndReportsThem() throws Exception {
        Path source = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        List<String> staged = new ArrayList<>();
        try (ArtifactStager stager = new ArtifactStager(StagingConfig.defaults().withCache(dir.resolve("cache"), 1 << 20))) {
            new StagedArtifacts(stager).stage(List.of(new ArtifactSpec(source.toUri().toString(), false, true, true,
                    Optional.of("bin/run.sh"), Optional.empty())), sandbox, progress(staged));
        }
        assertThat(sandbox.resolve("bin/run.sh")).hasContent("#!/bin/sh\necho hi");
        assertThat(Files.isExecutable(sandbox.resolve("bin/run.sh"))).isTrue();
        assertThat(staged).containsExactly(source.toUri().toString());
    }

    @Test
    void aChecksumMismatchNamesTheArtifactAndBothDigests() throws Exception {
        Path source = Files.writeString(dir.resolve("app.py"), "print('x')\n");
        ArtifactSpec spec = new ArtifactSpec(source.toString(), false, false, false, Optional.empty(), Optional.of("0".repeat(64)));
        try (ArtifactStager stager = new ArtifactStager(StagingConfig.defaults())) {
            assertThatThrownBy(() -> new StagedArtifacts(stager).stage(List.of(spec), Files.createDirectories(dir.resolve("s")), progress(new ArrayList<>())))
                    .isInstanceOf(ArtifactStageException.class)
                    .hasMessageContaining("sha256 mismatch")
                    .hasMessageContaining(source.toString())
                    .hasMessageContaining("0".repeat(64));
        }
    }

    private static ArtifactStage.Progress progress(List<String> staged) {
        return new ArtifactStage.Progress() {
            @Override
            public void message(String text) {
            }

            @Override
            public void staged(ArtifactSpec artifact, long bytes) {
                staged.add(artifact.uri());
            }
        };
    }
}
