package io.pacer.executor.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The one event loop every HTTP, HTTPS and TCP check of the executor runs on, non-blocking, and whose timer
 * schedules all checks. One thread is plenty: a check is a connect, a write and a read.
 */
public final class CheckEventLoop implements AutoCloseable {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final EventLoopGroup group = new NioEventLoopGroup(1, r -> {
        Thread t = new Thread(r, "health-checks");
        t.setDaemon(true);
        return t;
    });
    private volatile SslContext insecureTls;

    /** The timer for check schedules. */
    public ScheduledExecutorService timer() {
        return group;
    }

    Bootstrap bootstrap(Optional<Duration> timeout) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.orElse(DEFAULT_CONNECT_TIMEOUT).toMillis()));
    }

    /** Like Mesos's {@code curl -k}: the task's certificate is not verified (it is on loopback, often self-signed). */
    SslContext insecureTls() throws SSLException {
        SslContext context = insecureTls;
        if (context == null) {
            synchronized (this) {
                if (insecureTls == null) {
                    insecureTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
                }
                context = insecureTls;
            }
        }
        return context;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
