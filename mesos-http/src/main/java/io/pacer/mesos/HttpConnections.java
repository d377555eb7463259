package io.pacer.mesos;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain HTTP/1.1 over Netty for one subscription: the SUBSCRIBE stream on a connection of its own, and calls on
 * kept-alive connections, so that they never queue behind the stream. Netty rather than the JDK's HttpClient,
 * which sets up its TLS stack even for plain HTTP: about 0.3 s and several MiB in every executor JVM, which has
 * Netty loaded anyway (docs/benchmarks.md).
 */
final class HttpConnections implements AutoCloseable {
    /** A call's whole answer. */
    record Answer(int status, byte[] body) {
    }

    /** Hears one streamed exchange: its head, each piece of its body, and its end, in that order, on one thread. */
    interface StreamHandler {
        void answered(int status, Map<String, String> headers);

        void content(ByteBuffer piece);

        /** The exchange is over: {@code error} is null when the body ended as HTTP says it ends. */
        void ended(Throwable error);
    }

    /** Ends a streamed exchange from outside by dropping its connection. */
    interface Exchange {
        void abort();
    }

    private static final AttributeKey<CompletableFuture<Answer>> PENDING = AttributeKey.valueOf("pacer.pendingCall");
    private static final AttributeKey<String> ADDRESS = AttributeKey.valueOf("pacer.address");

    private final EventLoopGroup loop;
    private final Duration connectTimeout;
    private final int maxAnswerBytes;
    private final Deque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final Set<CompletableFuture<Answer>> unanswered = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpConnections(String threadName, Duration connectTimeout, int maxAnswerBytes) {
        this.loop = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
        this.connectTimeout = connectTimeout;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /**
     * POSTs {@code body} and completes with the whole answer, or exceptionally when the connection fails, closes
     * first, or {@code timeout} passes.
     */
    CompletableFuture<Answer> call(URI endpoint, Map<String, String> headers, byte[] body, Duration timeout) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        unanswered.add(answer); // before the check, so that close() either refuses this call or waits for it
        answer.whenComplete((a, e) -> unanswered.remove(answer));
        if (closed) {
            answer.completeExceptionally(new IOException("connections to " + endpoint + " are closed"));
            return answer;
        }
        FullHttpRequest request = post(endpoint, headers, body);
        Channel reusable = reusable(endpoint);
        if (reusable != null) {
            send(reusable, endpoint, answer, request, timeout);
        } else {
            connect(endpoint, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxAnswerBytes), new CallAnswers());
                }
            }).addListener((ChannelFuture connected) -> {
                if (connected.isSuccess()) {
                    send(connected.channel(), endpoint, answer, request, timeout);
                } else {
                    request.release();
                    answer.completeExceptionally(connected.cause());
                }
            });
        }
        return answer;
    }

    /** POSTs {@code body} on a connection of its own and hands the answer, as it arrives, to {@code handler}. */
    Exchange stream(URI endpoint, Map<String, String> headers, byte[] body, StreamHandler handler) {
        if (closed) {
            handler.ended(new IOException("connections to " + endpoint + " are closed"));
            return () -> { };
        }
        ChannelFuture connecting = connect(endpoint, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new StreamedAnswer(handler));
            }
        });
        connecting.addListener((ChannelFuture connected) -> {
            if (connected.isSuccess()) {
                connected.channel().writeAndFlush(post(endpoint, headers, body));
            } else {
                handler.ended(connected.cause());
            }
        });
        return () -> {
            connecting.cancel(false);
            connecting.channel().close();
        };
    }

    /**
     * Takes no more calls, but lets those already sent get their answer (or their timeout) before the connections
     * go: Mesos answers some calls, TEARDOWN among them, only after it has closed the event stream.
     */
    @Override
    public void close() {
        closed = true;
        idle.forEach(Channel::close);
        idle.clear();
        CompletableFuture.allOf(unanswered.toArray(CompletableFuture[]::new))
                .whenComplete((all, e) -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    }

    private ChannelFuture connect(URI endpoint, ChannelInitializer<SocketChannel> pipeline) {
        return new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(pipeline)
                .connect(endpoint.getHost(), port(endpoint));
    }

    private Channel reusable(URI endpoint) {
        for (Channel ch = idle.pollFirst(); ch != null; ch = idle.pollFirst()) {
            if (ch.isActive() && address(endpoint).equals(ch.attr(ADDRESS).get())) {
                return ch;
            }
            ch.close();
        }
        return null;
    }

    private void send(Channel ch, URI endpoint, CompletableFuture<Answer> answer, FullHttpRequest request, Duration timeout) {
        ch.attr(PENDING).set(answer);
        ch.attr(ADDRESS).set(address(endpoint));
        var timer = ch.eventLoop().schedule(() -> {
            if (answer.completeExceptionally(new TimeoutException("no answer from " + endpoint + " within " + timeout.toMillis() + " ms"))) {
                ch.close();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((a, e) -> timer.cancel(false));
        ch.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                answer.completeExceptionally(written.cause());
                ch.close();
            }
        });
    }

    private static FullHttpRequest post(URI endpoint, Map<String, String> headers, byte[] body) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, address(endpoint));
        headers.forEach(request.headers()::set);
        HttpUtil.setContentLength(request, body.length);
        return request;
    }

    private static String address(URI endpoint) {
        return endpoint.getHost() + ":" + port(endpoint);
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getPort() : 80;
    }

    /** Completes each call's answer and keeps the connection for the next call when both sides allow it. */
    private final class CallAnswers extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<Answer> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending == null) {
                ctx.close(); // an answer nobody waits for: the call timed out
                return;
            }
            byte[] body = new byte[response.content().readableBytes()];
            response.content().readBytes(body);
            boolean keep = HttpUtil.isKeepAlive(response) && !closed;
            pending.complete(new Answer(response.status().code(), body));
            if (keep) {
                idle.addFirst(ctx.channel());
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            idle.remove(ctx.channel());
            CompletableFuture<Answer> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending != null) {
                pending.completeExceptionally(new IOException("the connection closed before the answer"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<Answer> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending != null) {
                pending.completeExceptionally(cause);
            }
            ctx.close();
        }
    }

    /** Hands a streamed answer on piece by piece; its end, or its connection's, ends the exchange once. */
    private static final class StreamedAnswer extends SimpleChannelInboundHandler<HttpObject> {
        private final StreamHandler handler;
        private boolean ended;

        StreamedAnswer(StreamHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (ended) {
                return;
            }
            if (message instanceof HttpResponse response) {
                Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                response.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
                handler.answered(response.status().code(), headers);
            }
            if (message instanceof HttpContent content && content.content().isReadable()) {
                handler.content(content.content().nioBuffer());
            }
            if (message instanceof LastHttpContent) {
                end(ctx, null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(ctx, new IOException("the connection closed in the middle of the answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(ctx, cause);
        }

        private void end(ChannelHandlerContext ctx, Throwable error) {
            if (!ended) {
                ended = true;
                handler.ended(error);
            }
            ctx.close();
        }
    }
}
