package io.pacer.scheduler.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an {@link ApiResponse#stream()} chunked, each piece as soon as it is read, on a thread of its own: the
 * stream may be endless (the leader's /v2/events relayed by a standby) and must not hold an API worker. The copy
 * waits while the client reads slower than the stream comes, and ends when either side closes.
 */
final class StreamCopier {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCopier.class);
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final ExecutorService COPIERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pacer-stream-copy");
        t.setDaemon(true);
        return t;
    });

    private StreamCopier() {
    }

    static void start(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive, boolean headOnly) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        response.headers().forEach(head.headers()::set);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? "keep-alive" : "close");
        Channel channel = ctx.channel();
        InputStream body = response.stream();
        if (headOnly) {
            closeQuietly(body);
            ctx.write(head);
            finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
            return;
        }
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        ctx.writeAndFlush(head);
        channel.closeFuture().addListener(f -> closeQuietly(body));
        COPIERS.execute(() -> copy(channel, body, keepAlive));
    }

    private static void copy(Channel channel, InputStream body, boolean keepAlive) {
        byte[] buffer = new byte[CHUNK_BYTES];
        try (body) {
            int n;
            while ((n = body.read(buffer)) >= 0 && channel.isActive()) {
                if (n > 0) {
                    // waiting for each write keeps at most one chunk queued per client: a slow reader slows the copy
                    channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(Arrays.copyOf(buffer, n)))).sync();
                }
            }
            finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Relaying a stream to {} ended: {}", channel.remoteAddress(), e.toString());
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
        }
    }

    private static void finish(ChannelFuture last, boolean keepAlive) {
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debug("Closing a relayed stream failed: {}", e.toString());
        }
    }
}
