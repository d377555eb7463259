package io.pacer.localcluster.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty HTTP/1.1 server with a table of paths; one per master and one per agent, as in Mesos. Routes are added
 * after binding, because what serves them needs to know the port; until then a path answers 404.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_CALL_BYTES = 64 * 1024 * 1024;

    private final Channel channel;
    private final Map<String, HttpRoute> routes;

    private HttpServer(Channel channel, Map<String, HttpRoute> routes) {
        this.channel = channel;
        this.routes = routes;
    }

    public static HttpServer start(EventLoopGroup group, String host, int port) throws InterruptedException {
        Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_CALL_BYTES), new Router(routes));
                    }
                });
        return new HttpServer(bootstrap.bind(host, port).sync().channel(), routes);
    }

    public void route(String path, HttpRoute route) {
        routes.put(path, route);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, HttpRoute> routes;

        Router(Map<String, HttpRoute> routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpExchange exchange = new HttpExchange(ctx, request);
            if (!request.decoderResult().isSuccess()) {
                exchange.reply(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request");
                return;
            }
            HttpRoute route = routes.get(new QueryStringDecoder(request.uri()).path());
            if (route == null) {
                exchange.reply(HttpResponseStatus.NOT_FOUND, "");
            } else {
                route.handle(exchange);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
