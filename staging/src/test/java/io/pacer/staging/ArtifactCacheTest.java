package io.pacer.staging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pacer.staging.cli.StagingCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactCacheTest {

    @TempDir
    Path temp;
    private Path cacheDir;
    private TestServer server;
    private SimpleMeterRegistry registry;
    private ArtifactStager stager;
    private final byte[] payload = HttpFetchTest.randomBytes(1 << 20);

    @BeforeEach
    void setUp() throws Exception {
        cacheDir = temp.resolve("cache");
        server = TestServer.http();
        registry = new SimpleMeterRegistry();
        stager = new ArtifactStager(Stagers.quick().withCache(cacheDir, 64L << 20).withMeterRegistry(registry));
    }

    @AfterEach
    void tearDown() {
        stager.close();
        server.close();
    }

    @Test
    void aSecondStagingComesFromTheCacheAsHardLinksToReadOnlyFiles() throws Exception {
        Path archive = TestArchive.create().file("bin/app", payload, 0755).file("conf.txt", "x=1")
                .symlink("current", "bin/app").writeTo(temp.resolve("app.tar.gz"), ArchiveFormat.TAR_GZ);
        server.serveFile("/app.tar.gz", archive);
        Artifact artifact = cached("/app.tar.gz");

        StagingResult first = stager.stage(artifact, sandbox("one"), ProgressListener.NONE);
        StagingResult second = stager.stage(artifact, sandbox("two"), ProgressListener.NONE);

        assertThat(first.cacheHit()).isFalse();
        assertThat(second.cacheHit()).isTrue();
        assertThat(server.requests("/app.tar.gz")).isEqualTo(1);
        assertThat(Files.readAllBytes(sandbox("two").resolve("bin/app"))).isEqualTo(payload);
        assertThat(Files.readSymbolicLink(sandbox("two").resolve("current"))).isEqualTo(Path.of("bin/app"));
        assertThat(inode(sandbox("one").resolve("bin/app"))).isEqualTo(inode(sandbox("two").resolve("bin/app")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox("two").resolve("bin/app"))))
                .isEqualTo("r-xr-xr-x");
        // cached, only the unpacked tree reaches the sandbox
        assertThat(sandbox("two").resolve("app.tar.gz")).doesNotExist();
        assertThat(registry.get(StagingMetrics.CACHE_LOOKUPS).tag("result", "hit").counter().count()).isEqualTo(1);
        assertThat(registry.get(StagingMetrics.CACHE_LOOKUPS).tag("result", "miss").counter().count()).isEqualTo(1);
    }

    @Test
    void aFileModifiedThroughItsHardLinkIsNotHandedToTheNextTask() throws Exception {
        Path archive = TestArchive.create().file("conf.txt", "original")
                .writeTo(temp.resolve("app.tar.gz"), ArchiveFormat.TAR_GZ);
        server.serveFile("/app.tar.gz", archive);
        stager.stage(cached("/app.tar.gz"), sandbox("one"), ProgressListener.NONE);
        Path linked = sandbox("one").resolve("conf.txt");

        // a task running as root ignores the missing write bit and writes in place
        Files.setPosixFilePermissions(linked, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(linked, "changed by task one");
        StagingResult second = stager.stage(cached("/app.tar.gz"), sandbox("two"), ProgressListener.NONE);

        assertThat(second.cacheHit()).isTrue();
        assertThat(sandbox("two").resolve("conf.txt")).hasContent("original");
        assertThat(server.requests("/app.tar.gz")).isEqualTo(1);
    }

    @Test
    void aSandboxOnAnotherFileSystemGetsCopiesInsteadOfHardLinks() throws Exception {
        Path archive = TestArchive.create().file("conf.txt", "original")
                .writeTo(temp.resolve("app.tar.gz"), ArchiveFormat.TAR_GZ);
        server.serveFile("/app.tar.gz", archive);
        Path elsewhere = Files.createTempDirectory(Path.of("/dev/shm"), "pacer-staging-test-");
        try {
            assertThat(Files.getFileStore(elsewhere)).isNotEqualTo(Files.getFileStore(temp));

            stager.stage(cached("/app.tar.gz"), elsewhere, ProgressListener.NONE);
            Files.writeString(elsewhere.resolve("conf.txt"), "the task's own copy");
            StagingResult again = stager.stage(cached("/app.tar.gz"), sandbox("local"), ProgressListener.NONE);

            assertThat(again.cacheHit()).isTrue();
            assertThat(sandbox("local").resolve("conf.txt")).hasContent("original");
        } finally {
            FileTree.delete(elsewhere);
        }
    }

    @Test
    void twoStagersInOneJvmShareACacheFolder() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/tool", exchange -> {
            requested.countDown();
            await(release);
            exchange.sendResponseHeaders(200, payload.length);
            exchange.getResponseBody().write(payload);
        });
        ExecutorService first = Executors.newSingleThreadExecutor();
        try (ArtifactStager second = new ArtifactStager(Stagers.quick().withCache(cacheDir, 64L << 20))) {
            Future<StagingResult> downloading = first.submit(() ->
                    stager.stage(cached("/tool"), sandbox("one"), ProgressListener.NONE));
            assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
            // the JVM holds file locks for all its threads: the second stager must queue, not collide
            List<StagingResult> secondResult = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread waiter = new Thread(() -> {
                try {
                    secondResult.add(second.stage(cached("/tool"), sandbox("two"), ProgressListener.NONE));
                } catch (StagingException e) {
                    throw new IllegalStateException(e);
                }
            });
            waiter.start();
            while (waiter.getState() != Thread.State.WAITING && waiter.isAlive()) {
                Thread.onSpinWait();
            }
            assertThat(waiter.isAlive()).as("the second stager waits for the first").isTrue();
            release.countDown();
            assertThat(downloading.get(30, TimeUnit.SECONDS).cacheHit()).isFalse();
            waiter.join(30_000);
            assertThat(secondResult).singleElement().extracting(StagingResult::cacheHit).isEqualTo(true);
        } finally {
            release.countDown();
            first.shutdownNow();
        }
        assertThat(server.requests("/tool")).isEqualTo(1);
    }

    @Test
    void singleFilesAreCopiedSoTheExecutableBitStaysOutOfTheCache() throws Exception {
        server.serve("/tool", payload);

        stager.stage(cached("/tool").withExecutable(true), sandbox("one"), ProgressListener.NONE);
        StagingResult second = stager.stage(cached("/tool"), sandbox("two"), ProgressListener.NONE);

        assertThat(second.cacheHit()).isTrue();
        assertThat(Files.isExecutable(sandbox("one").resolve("tool"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox("two").resolve("tool"))))
                .doesNotContain("x");
        assertThat(Files.readAllBytes(sandbox("two").resolve("tool"))).isEqualTo(payload);
    }

    @Test
    void eightConcurrentStagingsOfOneUriDownloadOnce() throws Exception {
        Path archive = TestArchive.create().file("data.bin", payload, 0644)
                .writeTo(temp.resolve("app.tar.gz"), ArchiveFormat.TAR_GZ);
        CountDownLatch firstRequest = new CountDownLatch(1);
        CountDownLatch allAsked = new CountDownLatch(8);
        server.handle("/app.tar.gz", exchange -> {
            firstRequest.countDown();
            await(allAsked); // hold the download open until every staging has started and waits on it
            exchange.sendResponseHeaders(200, Files.size(archive));
            Files.copy(archive, exchange.getResponseBody());
        });
        ExecutorService tasks = Executors.newFixedThreadPool(8);
        try {
            List<Future<StagingResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path sandbox = sandbox("task" + i);
                results.add(tasks.submit(() -> {
                    allAsked.countDown();
                    return stager.stage(cached("/app.tar.gz"), sandbox, ProgressListener.NONE);
                }));
            }
            assertThat(firstRequest.await(10, TimeUnit.SECONDS)).isTrue();
            long hits = 0;
            for (Future<StagingResult> result : results) {
                hits += result.get(30, TimeUnit.SECONDS).cacheHit() ? 1 : 0;
            }
            assertThat(hits).isEqualTo(7);
        } finally {
            tasks.shutdownNow();
        }
        assertThat(server.requests("/app.tar.gz")).isEqualTo(1);
        for (int i = 0; i < 8; i++) {
            assertThat(Files.readAllBytes(sandbox("task" + i).resolve("data.bin"))).isEqualTo(payload);
        }
    }

    @Test
    void anotherProcessWaitsForTheDownloadInsteadOfStartingItsOwn() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.handle("/shared.bin", exchange -> {
            requested.countDown();
            await(release);
            exchange.sendResponseHeaders(200, payload.length);
            exchange.getResponseBody().write(payload);
        });
        ExecutorService mine = Executors.newSingleThreadExecutor();
        Process other = null;
        try {
            Future<StagingResult> here = mine.submit(() ->
                    stager.stage(cached("/shared.bin"), sandbox("here"), ProgressListener.NONE));
            assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
            // this JVM holds the entry's file lock and is mid-download: a second JVM must wait on it
            other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StagingCli.class.getName(), "fetch",
                    "--into", sandbox("there").toString(), "--cache", cacheDir.toString(),
                    server.uri("/shared.bin").toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("other.log").toFile()).start();
            awaitLockWaiter();
            release.countDown();
            assertThat(here.get(30, TimeUnit.SECONDS).cacheHit()).isFalse();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).as(Files.readString(temp.resolve("other.log"))).isZero();
        } finally {
            release.countDown();
            mine.shutdownNow();
            if (other != null) {
                other.destroyForcibly().waitFor();
            }
        }
        assertThat(server.requests("/shared.bin")).isEqualTo(1);
        assertThat(Files.readAllBytes(sandbox("there").resolve("shared.bin"))).isEqualTo(payload);
    }

    @Test
    void evictsTheLeastRecentlyUsedEntriesButNeverOneInUse() throws Exception {
        stager.close();
        // room for two 1 MiB files, not three
        stager = new ArtifactStager(Stagers.quick().withCache(cacheDir, (5L << 20) / 2).withMeterRegistry(registry));
        for (String name : List.of("/a.bin", "/b.bin", "/c.bin")) {
            server.serve(name, payload);
        }
        stager.stage(cached("/a.bin"), sandbox("s"), ProgressListener.NONE);
        stager.stage(cached("/b.bin"), sandbox("s"), ProgressListener.NONE);
        stager.stage(cached("/a.bin"), sandbox("s"), ProgressListener.NONE); // a is now more recent than b

        stager.stage(cached("/c.bin"), sandbox("s"), ProgressListener.NONE);

        assertThat(stager.stage(cached("/a.bin"), sandbox("s"), ProgressListener.NONE).cacheHit()).isTrue();
        assertThat(stager.stage(cached("/c.bin"), sandbox("s"), ProgressListener.NONE).cacheHit()).isTrue();
        assertThat(server.requests("/b.bin")).isEqualTo(1);
        assertThat(registry.get(StagingMetrics.CACHE_EVICTIONS).counter().count()).isEqualTo(1);

        // an entry in use survives even when it is the oldest and the cache is over its limit
        ArtifactCache cache = new ArtifactCache(cacheDir, 0, new StagingMetrics(registry));
        try (ArtifactCache.Entry inUse = cache.acquire(ArtifactCache.keyFor(cached("/a.bin")), "a")) {
            CountDownLatch evicted = new CountDownLatch(1);
            Thread evictor = new Thread(() -> {
                cache.evictBeyondLimit();
                evicted.countDown();
            });
            evictor.start();
            assertThat(evicted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(inUse.hasBlob()).isTrue();
        }
        assertThat(stager.stage(cached("/c.bin"), sandbox("s"), ProgressListener.NONE).cacheHit()).isFalse();
    }

    @Test
    void aChecksumIsTheCacheKeySoTwoUrisWithOneChecksumShareAnEntry() throws Exception {
        server.serve("/mirror1/x.bin", payload);
        server.serve("/mirror2/x.bin", payload);
        String sha = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(payload));

        stager.stage(cached("/mirror1/x.bin").withSha256(sha), sandbox("one"), ProgressListener.NONE);
        StagingResult second = stager.stage(cached("/mirror2/x.bin").withSha256(sha), sandbox("two"),
                ProgressListener.NONE);

        assertThat(second.cacheHit()).isTrue();
        assertThat(server.requests("/mirror2/x.bin")).isZero();
    }

    /** Waits until some process other than this one waits for a lock under the cache (from /proc/locks). */
    private void awaitLockWaiter() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(Path.of("/proc/locks")).stream().anyMatch(line -> line.contains("->"))) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("the second process never waited for the cache lock");
    }

    private Artifact cached(String path) {
        return Artifact.of(server.uri(path).toString()).withCache(true);
    }

    private Path sandbox(String name) {
        return temp.resolve("sandboxes").resolve(name);
    }

    private static Object inode(Path file) throws Exception {
        return Files.getAttribute(file, "unix:ino");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
