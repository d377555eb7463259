package io.pacer.scheduler.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
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
 * the repositories write them today:
 * <ul>
 *   <li>{@code tasks/<task id>}, one child per task, ~50 bytes each: 100,000 tasks need ~5 MB, five times the limit.
 *       It must be bucketed before ZooKeeper holds a large Pacer's state, by app: {@code tasks/<app>/<task id>}
 *       (TaskRepository already indexes tasks by app);</li>
 *   <li>{@code apps/<app>.json} and {@code app-versions/<app>/}, one child per app: 10,000 apps fit while app ids
 *       stay under ~95 characters; bucket by the app's top-level group if more or longer ones must fit;</li>
 *   <li>{@code app-versions/<app>/<ms>.json} and {@code group-versions/<group>/<ms>.json}: at most maxVersions (50)
 *       children each; {@code groups/}, {@code deployments/}: one per group and per running deployment.</li>
 * </ul>
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
    private static final int RETRY_SLEEP_MS = 250;

    private final ZooKeeperSettings settings;
    private final CuratorFramework client;

    public ZooKeeperStore(ZooKeeperSettings settings) {
        this.settings = settings;
        int connectionTimeoutMs = (int) settings.connectionTimeout().toMillis();
        this.client = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs((int) settings.sessionTimeout().toMillis())
                .connectionTimeoutMs(connectionTimeoutMs)
                // safe to retry: each operation is idempotent (a create whose answer was lost finds its znode and sets it)
                .retryPolicy(new RetryUntilElapsed(connectionTimeoutMs, RETRY_SLEEP_MS))
                // recipes (the leader latch) lose leadership when the session is lost, not at every SUSPENDED: a leader
                // whose server went away reconnects to another member and leads on (ElectedLeadership bounds the wait)
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
        client.start();
        try {
            awaitConnection();
            call("create the root " + settings.root(), () -> {
                try {
                    client.create().creatingParentsIfNeeded().forPath(settings.root(), new byte[0]);
                } catch (KeeperException.NodeExistsException e) {
                    // a Pacer has been here before
                }
                return null;
            });
            catchUp();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
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
        if (data[0] != FORMAT) {
            throw failure("cannot read " + key + " from ZooKeeper at " + settings.location() + ": its format byte is " + data[0]
                    + ", this Pacer knows only " + FORMAT + " (written by a newer Pacer?)", null);
        }
        return Optional.of(Arrays.copyOfRange(data, 1, data.length));
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
        String path = znodeOf(StoreKey.checkFolder(folder));
        List<String> children = call("list " + folder, () -> {
            try {
                return client.getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return List.<String>of();
            }
        });
        List<String> keys = new ArrayList<>();
        for (String child : children.stream().sorted().toList()) {
            // a child is a value when it has data (the format byte at least), a sub-folder when it has none
            Stat stat = call("list " + folder, () -> client.checkExists().forPath(ZKPaths.makePath(path, child)));
            if (stat != null && stat.getDataLength() > 0) {
                keys.add(folder + "/" + child);
            }
        }
        return keys;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ZooKeeperStore[" + settings.location() + "]";
    }

    private void awaitConnection() {
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
    private void catchUp() {
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
    private static UncheckedIOException failure(String message, Exception cause) {
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
