package io.pacer.staging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveExtractionTest {

    @TempDir
    Path temp;
    private Path sources;
    private Path sandbox;
    private ArtifactStager stager;

    @BeforeEach
    void setUp() throws IOException {
        sources = Files.createDirectories(temp.resolve("sources"));
        sandbox = Files.createDirectories(temp.resolve("sandbox"));
        stager = new ArtifactStager(Stagers.quick().withLimits(new ExtractionLimits(50, 4 << 20, 50)));
    }

    @AfterEach
    void tearDown() {
        stager.close();
    }

    private static final String[] EXTENSIONS = {".tar", ".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".zip"};

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"TAR", "TAR_GZ", "TAR_BZ2", "TAR_XZ", "TAR_ZST", "ZIP"})
    void unpacksEveryFormatWithModesAndInnerSymlinks(ArchiveFormat format) throws Exception {
        Path archive = TestArchive.create()
                .dir("app", 0755)
                .file("app/run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0750)
                .file("app/conf/settings.txt", "x=1".getBytes(StandardCharsets.UTF_8), 0640)
                .symlink("app/current", "conf/settings.txt")
                .writeTo(sources.resolve("app" + EXTENSIONS[format.ordinal()]), format);

        StagingResult result = stager.stage(Artifact.of(archive.toString()), sandbox, ProgressListener.NONE);

        assertThat(result.path()).isEqualTo(sandbox);
        assertThat(sandbox.resolve("app/run.sh")).hasContent("#!/bin/sh\necho hi");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.resolve("app/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sandbox.resolve("app/conf/settings.txt")))).isEqualTo("rw-r-----");
        assertThat(Files.readSymbolicLink(sandbox.resolve("app/current"))).isEqualTo(Path.of("conf/settings.txt"));
        assertThat(sandbox.resolve("app/current")).hasContent("x=1");
        // uncached, Mesos keeps the archive next to what it unpacked to
        assertThat(sandbox.resolve(archive.getFileName())).hasSameBinaryContentAs(archive);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void unpacksHardLinksInsideTheArchive() throws Exception {
        Path archive = TestArchive.create().file("data.bin", "payload").hardLink("copy.bin", "data.bin")
                .writeTo(sources.resolve("links.tar.gz"), ArchiveFormat.TAR_GZ);

        stager.stage(Artifact.of(archive.toString()), sandbox, ProgressListener.NONE);

        assertThat(sandbox.resolve("copy.bin")).hasContent("payload");
        assertThat(Files.getAttribute(sandbox.resolve("copy.bin"), "unix:ino"))
                .isEqualTo(Files.getAttribute(sandbox.resolve("data.bin"), "unix:ino"));
    }

    @Test
    void gunzipsALoneGzipFileToItsNameWithoutSuffix() throws Exception {
        Path gz = TestArchive.create().file("ignored", "plain text")
                .writeTo(sources.resolve("notes.txt.gz"), ArchiveFormat.GZ);

        stager.stage(Artifact.of(gz.toString()), sandbox, ProgressListener.NONE);

        assertThat(sandbox.resolve("notes.txt")).hasContent("plain text");
    }

    @Test
    void leavesArchivesPackedWhenExtractIsOffOrExecutableIsSet() throws Exception {
        Path archive = TestArchive.create().file("inner.txt", "inner")
                .writeTo(sources.resolve("tool.tar.gz"), ArchiveFormat.TAR_GZ);

        stager.stage(Artifact.of(archive.toString()).withExtract(false), sandbox, ProgressListener.NONE);
        StagingResult executable = stager.stage(Artifact.of(archive.toString()).withExecutable(true)
                .withOutputFile("bin/tool"), sandbox, ProgressListener.NONE);

        assertThat(sandbox.resolve("inner.txt")).doesNotExist();
        assertThat(sandbox.resolve("tool.tar.gz")).hasSameBinaryContentAs(archive);
        assertThat(executable.path()).isEqualTo(sandbox.resolve("bin/tool"));
        assertThat(Files.isExecutable(sandbox.resolve("bin/tool"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.resolve("bin/tool"))))
                .endsWith("x");
    }

    @Test
    void refusesAnAbsolutePath() throws Exception {
        assertRefused(TestArchive.create().file("ok.txt", "ok").file("/etc/pacer-test-owned", "x"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry /etc/pacer-test-owned is an absolute path");
        assertThat(Path.of("/etc/pacer-test-owned")).doesNotExist();
    }

    @Test
    void refusesADotDotEscape() throws Exception {
        assertRefused(TestArchive.create().file("ok.txt", "ok").file("../../etc/passwd", "x"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry ../../etc/passwd escapes the sandbox");
    }

    @Test
    void refusesADotDotEscapeInAZip() throws Exception {
        Path zip = TestArchive.create().file("a/../../escaped.txt", "x").writeTo(sources.resolve("evil.zip"),
                ArchiveFormat.ZIP);
        assertRefused(zip, FailureCause.UNSAFE_ARCHIVE, "archive entry a/../../escaped.txt escapes the sandbox");
    }

    @Test
    void refusesASymlinkToAnAbsolutePath() throws Exception {
        assertRefused(TestArchive.create().symlink("passwd", "/etc/passwd"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry passwd is a symlink to /etc/passwd, outside the sandbox");
    }

    @Test
    void refusesASymlinkThatClimbsOut() throws Exception {
        assertRefused(TestArchive.create().dir("a", 0755).symlink("a/up", "../../sources"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry a/up is a symlink to ../../sources, outside the sandbox");
    }

    @Test
    void refusesASymlinkThatEscapesOnlyThroughAnotherSymlink() throws Exception {
        // y -> "." makes "y/../sources" look inside to a lexical check, yet it resolves next to the sandbox
        assertRefused(TestArchive.create().symlink("y", ".").symlink("x", "y/../sources"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry x is a symlink to y/../sources");
    }

    @Test
    void refusesASymlinkOutInAZip() throws Exception {
        Path zip = TestArchive.create().symlink("etc", "/etc").writeTo(sources.resolve("evil.zip"), ArchiveFormat.ZIP);
        assertRefused(zip, FailureCause.UNSAFE_ARCHIVE, "archive entry etc is a symlink to /etc, outside the sandbox");
    }

    @Test
    void refusesAHardLinkOut() throws Exception {
        assertRefused(TestArchive.create().hardLink("shadow", "../../../etc/shadow"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry shadow is a hard link to ../../../etc/shadow");
        assertRefused(TestArchive.create().hardLink("hosts", "/etc/hosts"),
                FailureCause.UNSAFE_ARCHIVE, "archive entry hosts is a hard link to /etc/hosts, outside the sandbox");
    }

    @Test
    void refusesDeviceFilesAndFifos() throws Exception {
        assertRefused(TestArchive.create().charDevice("dev/null"), FailureCause.UNSAFE_ARCHIVE,
                "archive entry dev/null is a character device");
        assertRefused(TestArchive.create().blockDevice("dev/sda"), FailureCause.UNSAFE_ARCHIVE,
                "archive entry dev/sda is a block device");
        assertRefused(TestArchive.create().fifo("pipe"), FailureCause.UNSAFE_ARCHIVE,
                "archive entry pipe is a FIFO");
        Path zip = TestArchive.create().fifo("pipe").writeTo(sources.resolve("fifo.zip"), ArchiveFormat.ZIP);
        assertRefused(zip, FailureCause.UNSAFE_ARCHIVE, "archive entry pipe is a FIFO");
    }

    @Test
    void refusesTooManyEntries() throws Exception {
        TestArchive many = TestArchive.create();
        for (int i = 0; i < 51; i++) {
            many.file("f" + i, "x");
        }
        assertRefused(many, FailureCause.ARCHIVE_LIMIT_EXCEEDED, "has more than 50 entries (at entry f50)");
    }

    @Test
    void refusesTooManyBytes() throws Exception {
        byte[] random = new byte[3 << 20];
        new java.util.Random(7).nextBytes(random);
        assertRefused(TestArchive.create().file("a.bin", random, 0644).file("b.bin", random, 0644),
                FailureCause.ARCHIVE_LIMIT_EXCEEDED, "unpacks to more than " + (4 << 20) + " bytes (at entry b.bin)");
    }

    @Test
    void refusesACompressionBomb() throws Exception {
        byte[] zeros = new byte[3 << 20]; // under the size limit, but ~1000:1 compressed
        assertRefused(TestArchive.create().file("zeros.bin", zeros, 0644), FailureCause.ARCHIVE_LIMIT_EXCEEDED,
                "expands more than 50 times its compressed size (at entry zeros.bin)");
        Path zip = TestArchive.create().file("zeros.bin", zeros, 0644).writeTo(sources.resolve("bomb.zip"),
                ArchiveFormat.ZIP);
        assertRefused(zip, FailureCause.ARCHIVE_LIMIT_EXCEEDED, "expands more than 50 times");
    }

    @Test
    void refusesCorruptArchives() throws Exception {
        Path notGzip = Files.writeString(sources.resolve("broken.tar.gz"), "this is not gzip");

        assertRefused(notGzip, FailureCause.CORRUPT_ARCHIVE, "cannot unpack " + notGzip.toUri() + " as tar.gz");
    }

    private void assertRefused(TestArchive archive, FailureCause cause, String message) throws Exception {
        assertRefused(archive.writeTo(sources.resolve("evil.tar.gz"), ArchiveFormat.TAR_GZ), cause, message);
    }

    private void assertRefused(Path archive, FailureCause cause, String message) throws IOException {
        assertThatThrownBy(() -> stager.stage(Artifact.of(archive.toString()), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.failureCause()).isEqualTo(cause))
                .hasMessageContaining(message)
                .hasMessageContaining(archive.toUri().toString());
        // nothing written anywhere: not in the sandbox, not next to it
        try (Stream<Path> inSandbox = Files.list(sandbox); Stream<Path> besides = Files.list(temp)) {
            assertThat(inSandbox).isEmpty();
            assertThat(besides).containsExactlyInAnyOrder(sources, sandbox);
        }
        try (Stream<Path> inSources = Files.list(sources)) {
            assertThat(inSources).allMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
        }
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> all = Files.walk(sandbox)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".pacer-")).toList();
        }
    }

}
