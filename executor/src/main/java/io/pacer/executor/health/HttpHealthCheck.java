package io.pacer.executor.health;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * GET http(s)://host:port/path, non-blocking on the shared {@link CheckEventLoop}; healthy when the status is
 * 200–399 or one of the given statuses (Mesos's HTTP check, which runs curl instead). The response body is read
 * only when the spec keeps the response (a readiness check's preserveLastResponse), and then only up to its limit.
 * Unlike Mesos's {@code curl -L}, redirects are not followed; a 3xx already counts as healthy by default.
 */
public final class HttpHealthCheck implements HealthProbe {
    private final CheckEventLoop loop;
    private final HealthCheckSpec.Http spec;

    public HttpHealthCheck(CheckEventLoop loop, HealthCheckSpec.Http spec) {
        this.loop = loop;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<ProbeOutcome> check(Optional<Duration> timeout) {
        CompletableFuture<ProbeOutcome> outcome = new CompletableFuture<>();
        ChannelFuture connect = loop.bootstrap(timeout).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) throws Exception {
                if (spec.https()) {
                    ch.pipeline().addLast(loop.insecureTls().newHandler(ch.alloc(), spec.host(), spec.port()));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new StatusReader(outcome));
            }
        }).connect(new InetSocketAddress(spec.host(), spec.port()));
        Channel channel = connect.channel();
        // Cancelled on completion, so that thousands of checks a second leave no timers queued behind them.
        Optional<ScheduledFuture<?>> timer = timeout.map(t -> channel.eventLoop().schedule(() -> {
            if (outcome.complete(ProbeOutcome.unhealthy("timed out after " + t.toMillis() + " ms"))) {
                channel.close();
            }
        }, t.toNanos(), TimeUnit.NANOSECONDS));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                outcome.complete(ProbeOutcome.unhealthy(ConnectFailure.describe(f.cause())));
                return;
            }
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, spec.path());
            request.headers().set(HttpHeaderNames.HOST, spec.host() + ":" + spec.port())
                    .set(HttpHeaderNames.USER_AGENT, "pacer-executor")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(request);
        });
        outcome.whenComplete((result, error) -> {
            timer.ifPresent(t -> t.cancel(false));
            channel.close();
        });
        return outcome;
    }

    /** Reads the status and, when the spec keeps the response, its Content-Type and up to keepBodyBytes of body. */
    private final class StatusReader extends SimpleChannelInboundHandler<HttpObject> {
        private final CompletableFuture<ProbeOutcome> outcome;
        private HttpResponse head;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        StatusReader(CompletableFuture<ProbeOutcome> outcome) {
            this.outcome = outcome;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (outcome.isDone()) {
                return;
            }
            if (message instanceof HttpResponse response) {
                head = response;
                if (spec.keepBodyBytes() == 0) {
                    complete(ctx);
                    return;
                }
            }
            if (head != null && message instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                int take = Math.min(bytes.readableBytes(), spec.keepBodyBytes() - body.size());
                if (take > 0) {
                    byte[] chunk = new byte[take];
                    bytes.readBytes(chunk);
                    body.write(chunk, 0, take);
                }
                if (content instanceof LastHttpContent) {
                    complete(ctx);
                }
            }
        }

        private void complete(ChannelHandlerContext ctx) {
            int status = head.status().code();
            Optional<HttpReply> reply = spec.keepBodyBytes() == 0 ? Optional.empty() : Optional.of(new HttpReply(status,
                    Optional.ofNullable(head.headers().get(HttpHeaderNames.CONTENT_TYPE)).orElse(""),
                    body.toString(StandardCharsets.UTF_8)));
            outcome.complete(new ProbeOutcome(spec.isHealthy(status), "HTTP " + status, reply));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (head != null) {
                complete(ctx); // a body that ends with the connection
            }
            outcome.complete(ProbeOutcome.unhealthy("connection closed before a response"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            outcome.complete(ProbeOutcome.unhealthy(ConnectFailure.describe(cause)));
            ctx.close();
        }
    }
}
