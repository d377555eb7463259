package io.pacer.staging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactTest {

    @Test
    void hasMesosDefaults() {
        Artifact artifact = Artifact.of("https://example.com/app/app.tar.gz");

        assertThat(artifact.extract()).isTrue();
        assertThat(artifact.executable()).isFalse();
        assertThat(artifact.cache()).isFalse();
        assertThat(artifact.outputPath()).isEqualTo(Path.of("app.tar.gz"));
        assertThat(artifact.archiveFormat()).contains(ArchiveFormat.TAR_GZ);
    }

    @Test
    void turnsAPlainAbsolutePathIntoAFileUri() {
        assertThat(Artifact.of("/opt/app.jar").uri()).isEqualTo(URI.create("file:///opt/app.jar"));
    }

    @ParameterizedTest
    @CsvSource({
            "a.tar, TAR", "a.tar.gz, TAR_GZ", "a.tgz, TAR_GZ", "a.tar.bz2, TAR_BZ2", "a.tbz2, TAR_BZ2",
            "a.tar.xz, TAR_XZ", "a.txz, TAR_XZ", "a.tar.zst, TAR_ZST", "a.zip, ZIP", "a.txt.gz, GZ", "A.TGZ, TAR_GZ"})
    void recognisesArchivesByName(String name, ArchiveFormat format) {
        assertThat(Artifact.of("http://h/" + name).archiveFormat()).contains(format);
    }

    @Test
    void executableOrNoExtractLeavesArchivesAlone() {
        assertThat(Artifact.of("http://h/a.tar.gz").withExecutable(true).archiveFormat()).isEmpty();
        assertThat(Artifact.of("http://h/a.tar.gz").withExtract(false).archiveFormat()).isEmpty();
        assertThat(Artifact.of("http://h/a.jar").archiveFormat()).isEmpty();
        assertThat(Artifact.of("http://h/.gz").archiveFormat()).isEmpty();
    }

    @Test
    void outputFileNamesTheFileAndDecidesTheFormat() {
        Artifact artifact = Artifact.of("http://h/download?id=7").withOutputFile("lib/app.tgz");

        assertThat(artifact.outputPath()).isEqualTo(Path.of("lib/app.tgz"));
        assertThat(artifact.archiveFormat()).contains(ArchiveFormat.TAR_GZ);
    }

    @Test
    void refusesUnsupportedSchemesNamingThem() {
        assertThatThrownBy(() -> Artifact.of("ftp://example.com/a.tar.gz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported URI scheme 'ftp' in ftp://example.com/a.tar.gz: use http, https, file or an "
                        + "absolute path");
        assertThatThrownBy(() -> Artifact.of("relative/path.jar"))
                .hasMessage("URI relative/path.jar has no scheme: use http, https, file or an absolute path");
        assertThatThrownBy(() -> Artifact.of("http:///nohost.jar")).hasMessageContaining("has no host");
    }

    @Test
    void refusesOutputFilesThatLeaveTheSandbox() {
        Artifact base = Artifact.of("http://h/a.jar");

        assertThatThrownBy(() -> base.withOutputFile("/etc/passwd")).hasMessageContaining("relative file path");
        assertThatThrownBy(() -> base.withOutputFile("../up.jar")).hasMessageContaining("must stay inside");
        assertThatThrownBy(() -> base.withOutputFile("lib/")).hasMessageContaining("relative file path");
    }

    @Test
    void needsANameWhenTheUriHasNone() {
        assertThatThrownBy(() -> Artifact.of("http://h/")).hasMessage("URI http://h/ does not end with a file name: "
                + "set outputFile");
        assertThat(new Artifact(URI.create("http://h/"), true, false, false, Optional.of("index.html"),
                Optional.empty()).outputPath()).isEqualTo(Path.of("index.html"));
    }

    @Test
    void normalisesAndChecksSha256() {
        assertThat(Artifact.of("http://h/a").withSha256("AB".repeat(32)).sha256()).contains("ab".repeat(32));
        assertThatThrownBy(() -> Artifact.of("http://h/a").withSha256("abc"))
                .hasMessage("sha256 'abc' for http://h/a is not 64 hexadecimal digits");
    }

    @Test
    void neverShowsAPasswordFromTheUri() {
        Artifact artifact = Artifact.of("https://user:secret@example.com/a.jar");

        assertThat(artifact.displayUri()).isEqualTo("https://***@example.com/a.jar");
        assertThat(artifact.toString()).doesNotContain("secret");
    }
}
