package io.pacer.executor.endpoint;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executor's own HTTP endpoint (Netty, one thread): {@code GET /health} (the executor and every task's
 * state and last health result), {@code GET /tasks/<id>} (spec, state and health history, sandbox, log tails),
 * {@code GET /tasks/<id>/files/stdout|stderr?tail=N} (the last N lines of that sandbox log, as text) and
 * {@code GET /metrics} (Prometheus text). Every path asks for the executor's {@link EndpointSecret}: 401 without it.
 */
public final class ExecutorEndpoint implements AutoCloseable {
    /** The TaskStatus label of a task's first TASK_RUNNING that carries this endpoint's base URL. */
    public static final String ADDRESS_LABEL = "pacer.executor.endpoint";
    private static final String JSON = "application/json";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** {@code /tasks/<id>/files/<name>}: the sandbox logs only, no other file of the sandbox. */
    private static final Pattern TASK_FILE = Pattern.compile("/tasks/([^/]+)/files/(stdout|stderr)");
    public static final int DEFAULT_TAIL_LINES = 100;
    public static final int MAX_TAIL_LINES = 1000;
    /** The most of a log a tail reads: a log of endless lines still costs no more. */
    static final int MAX_TAIL_BYTES = 256 * 1024;

    private final String executorId;
    private final String frameworkId;
    private final TaskJournal journal;
    private final ExecutorMetrics metrics;
    private final EndpointSecret secret;
    private final Instant startedAt = Instant.now();
    private final EventLoopGroup group = new NioEventLoopGroup(1, r -> {
        Thread t = new Thread(r, "executor-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final Channel channel;

    private ExecutorEndpoint(String executorId, String frameworkId, TaskJournal journal, ExecutorMetrics metrics, EndpointSecret secret,
                             InetSocketAddress address) throws InterruptedException {
        this.executorId = executorId;
        this.frameworkId = frameworkId;
        this.journal = journal;
        this.metrics = metrics;
        this.secret = secret;
        this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Router());
                    }
                })
                .bind(address).sync().channel();
    }

    /** Binds {@code address} (port 0 = any free port), answering only requests that {@code secret} admits. */
    public static ExecutorEndpoint start(String executorId, String frameworkId, TaskJournal journal, ExecutorMetrics metrics,
                                         EndpointSecret secret, InetSocketAddress address) throws InterruptedException {
        return new ExecutorEndpoint(executorId, frameworkId, journal, metrics, secret, address);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = route(request);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private FullHttpResponse route(FullHttpRequest request) {
            if (!secret.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                FullHttpResponse refused = text(HttpResponseStatus.UNAUTHORIZED,
                        "this endpoint answers Pacer only: send the executor's secret as Authorization: Bearer\n");
                refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"pacer-executor\"");
                return refused;
            }
            if (!request.method().equals(HttpMethod.GET)) {
                return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET is served here\n");
            }
            String path = new QueryStringDecoder(request.uri()).path();
            if (path.equals("/health")) {
                return respond(HttpResponseStatus.OK, JSON, EndpointJson.health(executorId, frameworkId, startedAt, journal.all()));
            }
            if (path.equals("/metrics")) {
                return respond(HttpResponseStatus.OK, PROMETHEUS, metrics.scrape().getBytes(StandardCharsets.UTF_8));
            }
            Matcher file = TASK_FILE.matcher(path);
            if (file.matches()) {
                return logTail(QueryStringDecoder.decodeComponent(file.group(1)), file.group(2),
                        new QueryStringDecoder(request.uri()).parameters().get("tail"));
            }
            if (path.startsWith("/tasks/") && path.length() > "/tasks/".length()) {
                String taskId = QueryStringDecoder.decodeComponent(path.substring("/tasks/".length()));
                return journal.find(taskId)
                        .map(record -> respond(HttpResponseStatus.OK, JSON, EndpointJson.task(record)))
                        .orElseGet(() -> text(HttpResponseStatus.NOT_FOUND, "no task " + taskId + " in this executor\n"));
            }
            return text(HttpResponseStatus.NOT_FOUND, "try /health, /tasks/<task id>, /tasks/<task id>/files/stdout or /metrics\n");
        }

        private FullHttpResponse logTail(String taskId, String name, List<String> tail) {
            int lines;
            try {
                lines = tail == null || tail.isEmpty() ? DEFAULT_TAIL_LINES : Integer.parseInt(tail.get(0));
            } catch (NumberFormatException e) {
                lines = -1;
            }
            if (lines < 1 || lines > MAX_TAIL_LINES) {
                return text(HttpResponseStatus.BAD_REQUEST, "tail must be a number of lines from 1 to " + MAX_TAIL_LINES + "\n");
            }
            int wanted = lines;
            return journal.find(taskId)
                    .map(record -> text(HttpResponseStatus.OK, LogTail.lines(record.sandbox().resolve(name), wanted, MAX_TAIL_BYTES)))
                    .orElseGet(() -> text(HttpResponseStatus.NOT_FOUND, "no task " + taskId + " in this executor\n"));
        }

        private FullHttpResponse text(HttpResponseStatus status, String body) {
            return respond(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
        }

        private FullHttpResponse respond(HttpResponseStatus status, String contentType, byte[] body) {
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            return response;
        }
    }
}
