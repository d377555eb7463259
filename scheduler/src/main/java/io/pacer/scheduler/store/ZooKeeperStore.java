package io.pacer.scheduler.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * The scheduler's state in ZooKeeper, through Apache Curator, for several Pacers sharing it (issue 24, docs/ha.md).
 *
 * <p><b>Layout.</b> One znode per key, at {@code <root>/<key>}: "apps/web.json" under the root /pacer/state is the
 * znode /pacer/state/apps/web.json, and each folder is a znode of its own, made when a key in it is first written
 * and left in place when its keys are deleted (as the file store leaves its folders). A value znode's data is one
 * format byte, {@value #FORMAT}, then the value; a folder znode has no data. The format byte is what tells an empty
 * value from an empty folder in {@link #keys} (both would otherwise be znodes without data or children), and lets a
 * later Pacer compress or split large values without a migration.
 *
 * <p><b>Limits.</b> A value over {@link ZooKeeperSettings#maxValueBytes()} is refused before it is sent
 * ({@link ValueTooLargeException}): ZooKeeper drops the connection of a client whose request exceeds its
 * jute.maxbuffer, which a client would otherwise see as a connection loss and retry until it times out. A folder's
 * listing is one answer, and must fit in jute.maxbuffer too: each child costs its name and 4 bytes. With the keys as
 * the repositories write them:
 * <ul>
 *   <li>{@code tasks/<app>/<task id>}: one child of {@code tasks/} per app that has had a task, one per task of the
 *       app in its folder;</li>
 *   <li>{@code apps/<app>.json} and {@code app-versions/<app>/}, one child per app: 10,000 apps fit while app ids
 *       stay under ~95 characters; bucket by the app's top-level group if more or longer ones must fit;</li>
 *   <li>{@code app-versions/<app>/<ms>.json} and {@code group-versions/<group>/<ms>.json}: at most maxVersions (50)
 *       children each; {@code groups/}, {@code deployments/}: one per group and per running deployment.</li>
 * </ul>
 *
 * <p><b>Reading many znodes</b> ({@link #keys}, {@link #readAll}) sends their reads at once ({@link PipelinedReads}),
 * not one round trip after another.
 *
 * <p><b>Failures.</b> Every operation waits at most about twice the connection timeout for a connection (Curator
 * retries a lost connection until that much time has passed), then throws an {@link UncheckedIOException} naming the
 * ensemble; opening the store fails the same way when no server answers within the connection timeout.
 *
 * <p><b>Fencing.</b> {@link #fencedBy} gives the view a leader writes through: each of its writes and deletes is one
 * ZooKeeper transaction that also checks that the leader's election node still exists, so that a deposed leader
 * (its session expired, its node deleted) can change nothing, even if it has not yet noticed (docs/ha.md).
 */
public final class ZooKeeperStore implements StateStore, Closeable {
    static final byte FORMAT = 1;
    /** Sessions {@link #readAll} opens beside this one, so that a server works on its reads in parallel. */
    private static final int EXTRA_READ_SESSIONS = 3;
    private static final int RETRY_SLEEP_MS = 250;

    private final ZooKeeperSettings settings;
    private final CuratorFramework client;
    private final PipelinedReads pipelined;
    /** Guarded by this. */
    private final List<CuratorFramework> extraReadSessions = new ArrayList<>();

    public ZooKeeperStore(ZooKeeperSettings settings) {
        this.settings = settings;
        // as long as an operation waits for a lost connection (RetryUntilElapsed, and the connection's own wait)
        this.pipelined = new PipelinedReads(settings.connectionTimeout().multipliedBy(2), settings.location());
        this.client = startClient();
        try {
            awaitConnection(client);
            call("create the root " + settings.root(), () -> {
                try {
                    client.create().creatingParentsIfNeeded().forPath(settings.root(), new byte[0]);
                } catch (KeeperException.NodeExistsException e) {
                    // a Pacer has been here before
                }
                return null;
            });
            catchUp(client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private CuratorFramework startClient() {
        int connectionTimeoutMs = (int) settings.connectionTimeout().toMillis();
        CuratorFramework started = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs((int) settings.sessionTimeout().toMillis())
                .connectionTimeoutMs(connectionTimeoutMs)
                // safe to retry: each operation is idempotent (a create whose answer was lost finds its znode and sets it)
                .retryPolicy(new RetryUntilElapsed(connectionTimeoutMs, RETRY_SLEEP_MS))
                // recipes (the leader latch) lose leadership when the session is lost, not at every SUSPENDED: a leader
                // whose server went away reconnects to another member and leads on (ElectedLeadership bounds the wait)
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
        started.start();
        return started;
    }

    @Override
    public void write(String key, byte[] value) {
        String path = znodeOf(StoreKey.check(key));
        byte[] data = withFormat(key, value);
        call("write " + key, () -> client.create().orSetData().creatingParentsIfNeeded().forPath(path, data));
    }

    private byte[] withFormat(String key, byte[] value) {
        if (value.length > settings.maxValueBytes()) {
            throw new ValueTooLargeException(key, value.length, settings.maxValueBytes(), "ZooKeeper at " + settings.location());
        }
        byte[] data = new byte[value.length + 1];
        data[0] = FORMAT;
        System.arraycopy(value, 0, data, 1, value.length);
        return data;
    }

    /**
     * This store's state, written only while {@code electionNode} exists: the leader's view. Reads are this store's;
     * closing the view closes nothing (the store's session is shared).
     */
    public StateStore fencedBy(String electionNode) {
        return new FencedView(electionNode);
    }

    public ZooKeeperSettings settings() {
        return settings;
    }

    /** The client, for the leader election: one session, so that losing it ends leadership and writes alike. */
    public CuratorFramework curator() {
        return client;
    }

    private void fencedWrite(String electionNode, String key, byte[] value) {
        String path = znodeOf(StoreKey.check(key));
        byte[] data = withFormat(key, value);
        call("write " + key, () -> {
            // folders outside the transaction: an empty folder left by a deposed leader holds no state
            makeFolder(ZKPaths.getPathAndNode(path).getPath());
            boolean exists = client.checkExists().forPath(path) != null;
            CuratorOp change = exists ? client.transactionOp().setData().forPath(path, data)
                    : client.transactionOp().create().forPath(path, data);
            try {
                inFence(electionNode, key, change);
            } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                // the answer to an earlier try was lost after it was applied (or before): the other way round now
                inFence(electionNode, key, exists ? client.transactionOp().create().forPath(path, data)
                        : client.transactionOp().setData().forPath(path, data));
            }
            return null;
        });
    }

    private void fencedDelete(String electionNode, String key) {
        String path = znodeOf(StoreKey.check(key));
        call("delete " + key, () -> {
            try {
                inFence(electionNode, key, client.transactionOp().delete().forPath(path));
            } catch (KeeperException.NoNodeException e) {
                // already gone (the fence's own absence was told apart by inFence): deleting is idempotent
            }
            return null;
        });
    }

    private void makeFolder(String path) throws Exception {
        if (client.checkExists().forPath(path) == null) {
            try {
                client.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
            } catch (KeeperException.NodeExistsException e) {
                // made meanwhile: a folder is a folder
            }
        }
    }

    /** Runs {@code change} in one transaction with a check that {@code electionNode} exists. */
    private void inFence(String electionNode, String key, CuratorOp change) throws Exception {
        try {
            client.transaction().forOperations(client.transactionOp().check().forPath(electionNode), change);
        } catch (KeeperException e) {
            List<OpResult> results = e.getResults();
            boolean fenceGone = results != null && !results.isEmpty() && results.get(0) instanceof OpResult.ErrorResult error
                    && error.getErr() == KeeperException.Code.NONODE.intValue();
            if (fenceGone) {
                throw new LeadershipLostException(key, electionNode);
            }
            throw e;
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        String path = znodeOf(StoreKey.check(key));
        byte[] data = call("read " + key, () -> {
            try {
                return client.getData().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
        if (data == null || data.length == 0) {
            return Optional.empty(); // no znode, or a folder's
        }
        return Optional.of(valueOf(key, data));
    }

    @Override
    public void delete(String key) {
        String path = znodeOf(StoreKey.check(key));
        call("delete " + key, () -> {
            try {
                client.delete().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                // already gone: deleting is idempotent
            }
            return null;
        });
    }

    @Override
    public List<String> keys(String folder) {
        String action = "list " + folder;
        List<CuratorFramework> sessions = List.of(client);
        List<String> children = childrenOf(action, List.of(znodeOf(StoreKey.checkFolder(folder))), sessions);
        Map<String, Stat> stats = pipelined.each(action, children, sessions,
                (session, path, done) -> session.checkExists().inBackground(done).forPath(path), CuratorEvent::getStat);
        // a child is a value when it has data (the format byte at least), a sub-folder when it has none
        return stats.entrySet().stream().filter(child -> child.getValue().getDataLength() > 0)
                .map(child -> keyOf(child.getKey())).sorted().toList();
    }

    /**
     * Folder by folder, down the tree: the children of each level's folders listed at once, then read at once, spread
     * over this store's session and {@value #EXTRA_READ_SESSIONS} more (a server answers one session's requests one
     * after another), each synced first as this one was when opened, so that they read every change made before.
     */
    @Override
    public SortedMap<String, byte[]> readAll(String folder) {
        String action = "read " + folder;
        List<String> top = List.of(znodeOf(StoreKey.checkFolder(folder)));
        return readTree(action, top, readSessions(action));
    }

    /**
     * This store's session and the extra ones, synced; opened at the first {@link #readAll} and kept until the store
     * closes: opening and closing three sessions took ~350 ms, for each repository's load.
     */
    private synchronized List<CuratorFramework> readSessions(String action) {
        try {
            while (extraReadSessions.size() < EXTRA_READ_SESSIONS) {
                CuratorFramework session = startClient();
                extraReadSessions.add(session);
                awaitConnection(session);
            }
            extraReadSessions.forEach(this::catchUp);
        } catch (RuntimeException e) {
            throw failure("cannot " + action + " in ZooKeeper at " + settings.location() + ": " + e.getMessage(), e);
        }
        List<CuratorFramework> sessions = new ArrayList<>(List.of(client));
        sessions.addAll(extraReadSessions);
        return sessions;
    }

    private SortedMap<String, byte[]> readTree(String action, List<String> top, List<CuratorFramework> sessions) {
        SortedMap<String, byte[]> values = new TreeMap<>();
        List<String> folders = top;
        while (!folders.isEmpty()) {
            Map<String, byte[]> data = pipelined.each(action, childrenOf(action, folders, sessions), sessions,
                    (session, path, done) -> session.getData().inBackground(done).forPath(path), CuratorEvent::getData);
            List<String> subFolders = new ArrayList<>();
            data.forEach((path, bytes) -> {
                if (bytes.length == 0) {
                    subFolders.add(path);
                } else {
                    values.put(keyOf(path), valueOf(keyOf(path), bytes));
                }
            });
            folders = subFolders;
        }
        return values;
    }

    @Override
    public int maxValueBytes() {
        return settings.maxValueBytes();
    }

    @Override
    public synchronized void close() {
        extraReadSessions.forEach(CuratorFramework::close);
        client.close();
    }

    @Override
    public String toString() {
        return "ZooKeeperStore[" + settings.location() + "]";
    }

    private void awaitConnection(CuratorFramework client) {
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw failure("interrupted while connecting to ZooKeeper at " + settings.connectString(), e);
        }
        if (!connected) {
            throw failure("cannot reach ZooKeeper at " + settings.connectString() + " within " + settings.connectionTimeout().toMillis()
                    + " ms: is a server running there, and is the connect string right?", null);
        }
    }

    /**
     * The contract's "a store opened later sees every change": this session may be served by a follower that has
     * not yet applied what another Pacer's session wrote and was acknowledged; ZooKeeper's sync makes it catch up
     * (its session never goes back in time after, even across servers).
     */
    private void catchUp(CuratorFramework client) {
        CountDownLatch synced = new CountDownLatch(1);
        AtomicInteger resultCode = new AtomicInteger();
        call("sync " + settings.root(), () -> client.sync().inBackground((c, event) -> {
            resultCode.set(event.getResultCode());
            synced.countDown();
        }).forPath(settings.root()));
        boolean answered;
        try {
            answered = synced.await(settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw failure("interrupted while syncing with ZooKeeper at " + settings.location(), e);
        }
        if (!answered || resultCode.get() != KeeperException.Code.OK.intValue()) {
            throw failure("cannot sync with ZooKeeper at " + settings.location() + ": "
                    + (answered ? KeeperException.Code.get(resultCode.get()) : "no answer within " + settings.connectionTimeout().toMillis() + " ms"), null);
        }
    }

    private String znodeOf(String key) {
        return ZKPaths.makePath(settings.root(), key);
    }

    private String keyOf(String znode) {
        return znode.substring(settings.root().length() + 1);
    }

    /** The znodes in each of {@code folders}; none in a folder that does not exist. */
    private List<String> childrenOf(String action, List<String> folders, List<CuratorFramework> sessions) {
        Map<String, List<String>> children = pipelined.each(action, folders, sessions,
                (session, path, done) -> session.getChildren().inBackground(done).forPath(path), CuratorEvent::getChildren);
        return children.entrySet().stream()
                .flatMap(folder -> folder.getValue().stream().map(child -> ZKPaths.makePath(folder.getKey(), child)))
                .toList();
    }

    /** A value znode's data without its format byte. */
    private byte[] valueOf(String key, byte[] data) {
        if (data[0] != FORMAT) {
            throw failure("cannot read " + key + " from ZooKeeper at " + settings.location() + ": its format byte is " + data[0]
                    + ", this Pacer knows only " + FORMAT + " (written by a newer Pacer?)", null);
        }
        return Arrays.copyOfRange(data, 1, data.length);
    }

    private <T> T call(String action, ZooKeeperCall<T> call) {
        try {
            return call.run();
        } catch (LeadershipLostException e) {
            throw e;
        } catch (Exception e) {
            throw failure("cannot " + action + " in ZooKeeper at " + settings.location() + ": " + e.getMessage(), e);
        }
    }

    /** The interface's one failure type, so that a caller handles the file store's and this one's alike. */
    static UncheckedIOException failure(String message, Exception cause) {
        IOException io;
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            io = new InterruptedIOException(message);
            io.initCause(cause);
        } else {
            io = new IOException(message, cause);
        }
        return new UncheckedIOException(message, io);
    }

    /** The leader's view of this store: its writes and deletes checked against its election node. */
    private final class FencedView implements StateStore {
        private final String electionNode;

        FencedView(String electionNode) {
            this.electionNode = electionNode;
        }

        @Override
        public void write(String key, byte[] value) {
            fencedWrite(electionNode, key, value);
        }

        @Override
        public Optional<byte[]> read(String key) {
            return ZooKeeperStore.this.read(key);
        }

        @Override
        public void delete(String key) {
            fencedDelete(electionNode, key);
        }

        @Override
        public List<String> keys(String folder) {
            return ZooKeeperStore.this.keys(folder);
        }

        @Override
        public java.util.SortedMap<String, byte[]> readAll(String folder) {
            return ZooKeeperStore.this.readAll(folder);
        }

        @Override
        public int maxValueBytes() {
            return ZooKeeperStore.this.maxValueBytes();
        }

        @Override
        public String toString() {
            return ZooKeeperStore.this + " fenced by " + electionNode;
        }
    }

    /** One request to ZooKeeper, through Curator, whose methods all throw Exception. */
    @FunctionalInterface
    private interface ZooKeeperCall<T> {
        T run() throws Exception;
    }
}
