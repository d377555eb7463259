package io.pacer.staging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpFetchTest {

    @TempDir
    Path temp;
    private Path sandbox;
    private TestServer server;
    private SimpleMeterRegistry registry;
    private ArtifactStager stager;
    private final byte[] body = randomBytes(3 << 20);

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Files.createDirectories(temp.resolve("sandbox"));
        server = TestServer.http();
        registry = new SimpleMeterRegistry();
        stager = new ArtifactStager(Stagers.quick().withMeterRegistry(registry));
    }

    @AfterEach
    void tearDown() {
        stager.close();
        server.close();
    }

    @Test
    void fetchesAFileAndReportsProgressUpToTheTotal() throws Exception {
        server.serve("/app.jar", body);
        List<long[]> progress = new ArrayList<>();

        StagingResult result = stager.stage(artifact("/app.jar"), sandbox,
                (artifact, done, total) -> progress.add(new long[] {done, total}));

        assertThat(result.path()).isEqualTo(sandbox.resolve("app.jar"));
        assertThat(result.bytes()).isEqualTo(body.length);
        assertThat(result.cacheHit()).isFalse();
        assertThat(Files.readAllBytes(sandbox.resolve("app.jar"))).isEqualTo(body);
        assertThat(progress).hasSizeGreaterThan(2);
        assertThat(progress).allMatch(p -> p[1] == body.length);
        assertThat(progress.stream().mapToLong(p -> p[0])).isSorted();
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(body.length);
        assertThat(registry.get(StagingMetrics.BYTES_FETCHED).counter().count()).isEqualTo(body.length);
        assertThat(registry.get(StagingMetrics.FETCH_DURATION).timer().count()).isEqualTo(1);
    }

    @Test
    void namesTheFileAfterOutputFileWhenTheUriHasAQuery() throws Exception {
        server.serve("/download", body);
        Artifact artifact = new Artifact(java.net.URI.create(server.uri("/download") + "?token=abc"), true, false, false,
                java.util.Optional.of("lib/app.bin"), java.util.Optional.empty());

        stager.stage(artifact, sandbox, ProgressListener.NONE);

        assertThat(Files.readAllBytes(sandbox.resolve("lib/app.bin"))).isEqualTo(body);
    }

    @Test
    void fetchesOverHttpsFromAServerWithASelfSignedCertificateTheClientTrusts() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(Files.createDirectories(temp.resolve("tls")));
        try (TestServer https = TestServer.https(tls.server());
             ArtifactStager trusting = new ArtifactStager(Stagers.quick().withSslContext(tls.client()))) {
            https.serve("/secure.bin", body);

            trusting.stage(Artifact.of(https.uri("/secure.bin").toString()), sandbox, ProgressListener.NONE);

            assertThat(Files.readAllBytes(sandbox.resolve("secure.bin"))).isEqualTo(body);
            // the default trust store does not know the certificate: a clear failure, not a hang or a retry loop
            assertThatThrownBy(() -> stager.stage(Artifact.of(https.uri("/secure.bin").toString()), temp,
                    ProgressListener.NONE))
                    .isInstanceOf(StagingException.class)
                    .hasMessageContaining("request to " + https.uri("/secure.bin") + " failed");
        }
    }

    @Test
    void notFoundIsNotRetried() {
        assertThatThrownBy(() -> stager.stage(artifact("/missing.tar.gz"), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.HTTP_CLIENT_ERROR))
                .hasMessage("404 Not Found from " + server.uri("/missing.tar.gz"));
        assertThat(server.requests("/missing.tar.gz")).isEqualTo(1);
        assertThat(registry.get(StagingMetrics.FAILURES).tag("cause", "http_client_error").counter().count())
                .isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedUntilTheyGiveUp() {
        server.status("/flaky.bin", 503);

        assertThatThrownBy(() -> stager.stage(artifact("/flaky.bin"), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.HTTP_SERVER_ERROR))
                .hasMessage("503 Service Unavailable from " + server.uri("/flaky.bin") + " (gave up after 3 attempts)");
        assertThat(server.requests("/flaky.bin")).isEqualTo(3);
    }

    @Test
    void aServerErrorFollowedBySuccessStages() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.handle("/once.bin", exchange -> {
            if (calls.incrementAndGet() == 1) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });

        stager.stage(artifact("/once.bin"), sandbox, ProgressListener.NONE);

        assertThat(Files.readAllBytes(sandbox.resolve("once.bin"))).isEqualTo(body);
        assertThat(server.requests("/once.bin")).isEqualTo(2);
    }

    @Test
    void followsRedirects() throws Exception {
        server.serve("/final.bin", body);
        server.redirect("/r1", "/r2");
        server.redirect("/r2", server.uri("/final.bin").toString());

        stager.stage(artifact("/r1").withOutputFile("final.bin"), sandbox, ProgressListener.NONE);

        assertThat(Files.readAllBytes(sandbox.resolve("final.bin"))).isEqualTo(body);
    }

    @Test
    void refusesMoreThanFiveRedirects() {
        for (int i = 0; i < 6; i++) {
            server.redirect("/hop" + i, "/hop" + (i + 1));
        }
        server.serve("/hop6", body);

        assertThatThrownBy(() -> stager.stage(artifact("/hop0"), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.TOO_MANY_REDIRECTS))
                .hasMessage("more than 5 redirects from " + server.uri("/hop0"));
        assertThat(server.requests("/hop6")).isZero();
    }

    @Test
    void aServerThatStallsMidBodyTimesOut() {
        server.stallHalfway("/stall.bin", body);

        assertThatThrownBy(() -> stager.stage(artifact("/stall.bin"), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.TIMEOUT))
                .hasMessageStartingWith("no data from " + server.uri("/stall.bin") + " for 500 ms (read timed out)");
        assertThat(server.requests("/stall.bin")).isEqualTo(3);
        assertThat(sandboxContents()).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        server.handle("/silent.bin", exchange -> server.awaitClosing());

        assertThatThrownBy(() -> stager.stage(artifact("/silent.bin"), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.TIMEOUT))
                .hasMessage("no response from " + server.uri("/silent.bin")
                        + " within 500 ms (read timed out) (gave up after 3 attempts)");
        assertThat(server.requests("/silent.bin")).isEqualTo(3);
    }

    @Test
    void aDroppedConnectionIsRetriedAndThenSucceeds() throws Exception {
        server.dropHalfway("/drop.bin", body, 1);

        StagingResult result = stager.stage(artifact("/drop.bin"), sandbox, ProgressListener.NONE);

        assertThat(Files.readAllBytes(result.path())).isEqualTo(body);
        assertThat(server.requests("/drop.bin")).isEqualTo(2);
        assertThat(sandboxContents()).containsExactly(sandbox.resolve("drop.bin"));
    }

    @Test
    void aConnectionDroppedEveryTimeExhaustsTheRetries() {
        server.dropHalfway("/drop.bin", body, Integer.MAX_VALUE);

        assertThatThrownBy(() -> stager.stage(artifact("/drop.bin"), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CONNECTION_LOST))
                .hasMessageContaining(server.uri("/drop.bin").toString())
                .hasMessageEndingWith("(gave up after 3 attempts)");
        assertThat(server.requests("/drop.bin")).isEqualTo(3);
        assertThat(sandboxContents()).isEmpty();
    }

    @Test
    void aRefusedConnectionSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + closedPort + "/x.bin";

        assertThatThrownBy(() -> stager.stage(Artifact.of(uri), sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CONNECTION_FAILED))
                .hasMessageStartingWith("cannot connect to " + uri);
    }

    @Test
    void aConnectionThatIsNeverAcceptedTimesOut() throws Exception {
        // a listening socket that never accepts: once its backlog is full, the kernel drops further SYNs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket filler = new java.net.Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException backlogFull) {
                        break;
                    }
                }
                String uri = "http://127.0.0.1:" + full.getLocalPort() + "/x.bin";
                try (ArtifactStager patient = new ArtifactStager(Stagers.quick()
                        .withTimeouts(java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(5))
                        .withRetries(0, java.time.Duration.ofMillis(10)))) {

                    assertThatThrownBy(() -> patient.stage(Artifact.of(uri), sandbox, ProgressListener.NONE))
                            .isInstanceOfSatisfying(StagingException.class,
                                    e -> assertThat(e.failureCause()).isEqualTo(FailureCause.TIMEOUT))
                            .hasMessage("connection to " + uri + " timed out after 300 ms");
                }
            } finally {
                for (java.net.Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void verifiesTheSha256() throws Exception {
        server.serve("/app.jar", body);
        String right = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        String wrong = "ab12" + right.substring(4).replace('a', 'b').replace('0', '1');

        stager.stage(artifact("/app.jar").withSha256(right.toUpperCase()), sandbox, ProgressListener.NONE);
        assertThat(Files.readAllBytes(sandbox.resolve("app.jar"))).isEqualTo(body);

        assertThatThrownBy(() -> stager.stage(artifact("/app.jar").withSha256(wrong).withOutputFile("other.jar"),
                sandbox, ProgressListener.NONE))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.CHECKSUM_MISMATCH))
                .hasMessage("sha256 mismatch for " + server.uri("/app.jar") + ": expected " + wrong + ", got " + right);
        assertThat(sandbox.resolve("other.jar")).doesNotExist();
        assertThat(server.requests("/app.jar")).isEqualTo(2);
    }

    @Test
    void aChecksumMismatchOfAnArchiveLeavesNothingUnpacked() throws Exception {
        Path archive = TestArchive.create().file("inside.txt", "content")
                .writeTo(temp.resolve("a.tar.gz"), ArchiveFormat.TAR_GZ);
        server.serveFile("/a.tar.gz", archive);

        assertThatThrownBy(() -> stager.stage(artifact("/a.tar.gz").withSha256("0".repeat(64)), sandbox,
                ProgressListener.NONE))
                .hasMessageStartingWith("sha256 mismatch for " + server.uri("/a.tar.gz"));
        assertThat(sandboxContents()).isEmpty();
    }

    @Test
    void streamsAnArchiveFromHttpIntoTheSandbox() throws Exception {
        Path archive = TestArchive.create().file("big.bin", body, 0644).file("small.txt", "hello")
                .writeTo(temp.resolve("app.tar.gz"), ArchiveFormat.TAR_GZ);
        server.serveFile("/app.tar.gz", archive);

        StagingResult result = stager.stage(artifact("/app.tar.gz"), sandbox, ProgressListener.NONE);

        assertThat(result.filesWritten()).isEqualTo(3);
        assertThat(Files.readAllBytes(sandbox.resolve("big.bin"))).isEqualTo(body);
        assertThat(sandbox.resolve("small.txt")).hasContent("hello");
        assertThat(registry.get(StagingMetrics.EXTRACT_DURATION).timer().count()).isEqualTo(1);
    }

    private Artifact artifact(String path) {
        return Artifact.of(server.uri(path).toString());
    }

    private List<Path> sandboxContents() {
        try (Stream<Path> files = Files.walk(sandbox)) {
            return files.filter(p -> !p.equals(sandbox)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

}
