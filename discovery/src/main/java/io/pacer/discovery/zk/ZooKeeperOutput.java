package io.pacer.discovery.zk;

import io.pacer.discovery.view.EndpointView;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every app's endpoints in ZooKeeper, one znode per app ({@link AppZnodes}), for clients that watch ZooKeeper.
 * The watcher's thread only hands the view over: a thread of the output's own writes it, so that a ZooKeeper that is
 * slow or away never holds up the other outputs. A write that fails (each waits about twice the connection timeout
 * at most) is tried again with the newest view, 250 ms later, doubling to 5 s, until ZooKeeper answers.
 */
public final class ZooKeeperOutput implements Consumer<EndpointView>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperOutput.class);
    /** Marathon's defaults for --zk_session_timeout and --zk_connection_timeout. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final ZooKeeperUrl url;
    private final Clock clock;
    private final CuratorFramework client;
    private final AppZnodes znodes;
    private final LatestView views = new LatestView();
    private final Thread thread;
    private volatile boolean closed;

    public ZooKeeperOutput(ZooKeeperUrl url, Clock clock) {
        this(url, clock, CONNECTION_TIMEOUT);
    }

    /** Connects in the background: a ZooKeeper that is away when discovery starts is waited for, not an error. */
    ZooKeeperOutput(ZooKeeperUrl url, Clock clock, Duration connectionTimeout) {
        this.url = url;
        this.clock = clock;
        int connectionTimeoutMs = (int) connectionTimeout.toMillis();
        this.client = CuratorFrameworkFactory.builder()
                .connectString(url.connectString())
                .sessionTimeoutMs((int) SESSION_TIMEOUT.toMillis())
                .connectionTimeoutMs(connectionTimeoutMs)
                // safe to retry: a write sets a whole znode, and a create whose answer was lost finds its znode and sets it
                .retryPolicy(new RetryUntilElapsed(connectionTimeoutMs, (int) FIRST_RETRY.toMillis()))
                // follows ensemble reconfigurations in the background, which logs errors of its own while ZooKeeper is away;
                // the servers of the URL are enough here
                .ensembleTracker(false)
                .build();
        this.znodes = new AppZnodes(client, url.path());
        this.thread = new Thread(this::run, "discovery-zookeeper");
        thread.setDaemon(true);
        client.start();
        thread.start();
    }

    @Override
    public void accept(EndpointView view) {
        views.offer(view);
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        int failures = 0;
        try {
            while (!closed) {
                EndpointView view = views.take();
                try {
                    znodes.write(view, clock.instant());
                    if (failures > 0) {
                        LOG.info("ZooKeeper at {} has the endpoints again ({} apps), after {} failed writes", url, view.apps().size(), failures);
                    }
                    failures = 0;
                    retry = FIRST_RETRY;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (closed) {
                        return;
                    }
                    views.putBack(view);
                    if (failures++ == 0) {
                        LOG.warn("Cannot write the endpoints to ZooKeeper at {}: {}; the other outputs go on, and ZooKeeper is tried "
                                + "again every {} s at most until it answers", url, e.toString(), LAST_RETRY.toSeconds());
                    } else {
                        LOG.debug("ZooKeeper at {} still fails ({} times): {}", url, failures, e.toString());
                    }
                    Thread.sleep(retry.toMillis());
                    retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Stops writing (a write under way is abandoned) and closes the session; the znodes stay for the next discovery. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        client.close();
    }
}
