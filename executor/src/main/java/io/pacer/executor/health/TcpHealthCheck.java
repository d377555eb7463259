package io.pacer.executor.health;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Healthy when a TCP connection to host:port opens within the timeout, as Mesos's mesos-tcp-connect. */
public final class TcpHealthCheck implements HealthProbe {
    private final CheckEventLoop loop;
    private final HealthCheckSpec.Tcp spec;

    public TcpHealthCheck(CheckEventLoop loop, HealthCheckSpec.Tcp spec) {
        this.loop = loop;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<ProbeOutcome> check(Optional<Duration> timeout) {
        CompletableFuture<ProbeOutcome> outcome = new CompletableFuture<>();
        ChannelFuture connect = loop.bootstrap(timeout).handler(new ChannelInboundHandlerAdapter())
                .connect(new InetSocketAddress(spec.host(), spec.port()));
        connect.addListener(f -> {
            if (f.isSuccess()) {
                outcome.complete(ProbeOutcome.healthy("connected"));
                connect.channel().close();
            } else {
                outcome.complete(ProbeOutcome.unhealthy(ConnectFailure.describe(f.cause())));
            }
        });
        return outcome;
    }
}
