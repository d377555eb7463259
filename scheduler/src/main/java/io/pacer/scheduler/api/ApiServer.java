package io.pacer.scheduler.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.pacer.scheduler.app.Violations;
import io.pacer.scheduler.store.LeadershipLostException;
import io.pacer.scheduler.store.ValueTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pacer's REST API on Netty, on one or more listeners (HTTP, HTTPS): requests are read whole (up to a size limit; larger ones get Netty's 413), routed by
 * path prefix and answered on a worker pool, because answering may wait for the state store's fsync.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private volatile Map<String, Route> routes;
    private volatile Map<String, String> answerHeaders = Map.of();
    private volatile UploadTarget uploads;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup io = new NioEventLoopGroup(2);
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "pacer-api");
        t.setDaemon(true);
        return t;
    });
    private final Map<ApiListener, Channel> channels = new LinkedHashMap<>();

    /**
     * Binds the port at once, so that its number is known; answers 503 until {@link #serve} installs the routes.
     *
     * @param maxRequestBytes a larger API request gets 413
     * @param maxUploadBytes  a larger streamed upload gets 413
     * @param access          who may use it
     */
    public ApiServer(String host, int port, int maxRequestBytes, long maxUploadBytes, ApiAccess access) throws InterruptedException {
        this(List.of(ApiListener.http(host, port)), maxRequestBytes, maxUploadBytes, access);
    }

    /** The same on each of {@code listeners}: the same routes and the same {@link AccessGate}, HTTP or HTTPS. */
    public ApiServer(List<ApiListener> listeners, int maxRequestBytes, long maxUploadBytes, ApiAccess access) throws InterruptedException {
        try {
            for (ApiListener listener : listeners) {
                channels.put(listener, bind(listener, maxRequestBytes, maxUploadBytes, access));
            }
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Channel bind(ApiListener listener, int maxRequestBytes, long maxUploadBytes, ApiAccess access) throws InterruptedException {
        return new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // TLS first, so that everything after it, the access gate included, sees only decrypted requests;
                        // files then go as chunks through the codec (ResponseWriter): SslHandler cannot encrypt a FileRegion
                        listener.tls().ifPresent(tls -> ch.pipeline().addLast(tls.newHandler(ch.alloc())));
                        ch.pipeline().addLast(new HttpServerCodec());
                        listener.tls().ifPresent(tls -> ch.pipeline().addLast(new ChunkedWriteHandler()));
                        ch.pipeline().addLast(new AccessGate(access));
                        UploadTarget target = uploads;
                        if (target != null) {
                            ch.pipeline().addLast(new StreamedUpload(target, maxUploadBytes, workers));
                        }
                        ch.pipeline().addLast(new HttpObjectAggregator(maxRequestBytes), new Dispatcher());
                    }
                })
                .bind(listener.host(), listener.port()).sync().channel();
    }

    /** A server that serves at once. */
    public static ApiServer start(String host, int port, int maxRequestBytes, long maxUploadBytes, Map<String, Route> routes,
                                  UploadTarget uploads) throws InterruptedException {
        ApiServer server = new ApiServer(host, port, maxRequestBytes, maxUploadBytes, ApiAccess.open());
        server.serve(routes, uploads);
        return server;
    }

    /**
     * Starts answering with {@code routes} (path prefix → route; the longest matching prefix answers) and streaming
     * the uploads {@code uploads} accepts (may be null).
     */
    public void serve(Map<String, Route> routes, UploadTarget uploads) {
        serve(routes, uploads, Map.of());
    }

    /** The same, with {@code headers} on every answer (the leader's X-Marathon-Leader). */
    public void serve(Map<String, Route> routes, UploadTarget uploads, Map<String, String> headers) {
        this.uploads = uploads;
        this.answerHeaders = Map.copyOf(headers);
        this.routes = new LinkedHashMap<>(routes);
    }

    /** The port of the first listener. */
    public int port() {
        return port(channels.keySet().iterator().next());
    }

    /** The port {@code listener} is bound to (its own, when it asked for port 0). */
    public int port(ApiListener listener) {
        return ((InetSocketAddress) channels.get(listener).localAddress()).getPort();
    }

    @Override
    public void close() {
        channels.values().forEach(c -> c.close().syncUninterruptibly());
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }

    /** This server's routes as one route, whichever are installed when a request comes. */
    public Route asRoute() {
        return this::answer;
    }

    ApiResponse answer(ApiRequest request) {
        Map<String, String> headers = answerHeaders;
        ApiResponse response = route(request);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    private ApiResponse route(ApiRequest request) {
        Map<String, Route> routes = this.routes;
        if (routes == null) {
            return ApiException.of(503, "Pacer is starting").response();
        }
        Route route = null;
        String matched = "";
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            String prefix = e.getKey();
            boolean matches = request.path().equals(prefix) || request.path().startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
            if (matches && prefix.length() > matched.length()) {
                route = e.getValue();
                matched = prefix;
            }
        }
        try {
            ApiResponse response = route == null ? null : route.handle(request);
            if (response == null) {
                throw ApiException.of(404, "Unknown path " + request.method() + " " + request.path());
            }
            return response;
        } catch (ApiException e) {
            return e.response();
        } catch (ValueTooLargeException e) {
            // what the API checks before (an app's size) never gets here; a value it cannot see whole does: a
            // deployment of very many apps, a group version of a very large group
            Violations violations = new Violations();
            violations.add("/", e.getMessage() + ": change fewer apps at once, or split the group");
            return ApiException.invalid(violations).response();
        } catch (LeadershipLostException e) {
            return ApiException.of(503, e.getMessage() + ": ask again, the new leader answers").response();
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return ApiException.of(500, "Pacer failed to answer: " + e.getMessage()).response();
        }
    }

    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
            QueryStringDecoder uri = new QueryStringDecoder(http.uri());
            Map<String, String> headers = new LinkedHashMap<>();
            http.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
            ApiRequest request = new ApiRequest(http.method().name(), uri.path(), uri.parameters(), headers,
                    ByteBufUtil.getBytes(http.content()), remote);
            boolean keepAlive = HttpUtil.isKeepAlive(http);
            boolean head = request.method().equals("HEAD");
            workers.execute(() -> ResponseWriter.write(ctx, answer(request), keepAlive, head));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("API connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
