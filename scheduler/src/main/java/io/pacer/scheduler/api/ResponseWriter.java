package io.pacer.scheduler.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;

/** Writes an {@link ApiResponse} to a Netty channel: bytes whole, file slices zero-copy (in chunks over TLS); HEAD gets headers only. */
final class ResponseWriter {
    private static final int CHUNK_BYTES = 64 * 1024;

    private ResponseWriter() {
    }

    static void write(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive, boolean headOnly) {
        if (response.events() != null && !headOnly) {
            EventStreamWriter.start(ctx, response);
            return;
        }
        if (response.stream() != null) {
            StreamCopier.start(ctx, response, keepAlive, headOnly);
            return;
        }
        HttpResponseStatus status = HttpResponseStatus.valueOf(response.status());
        HttpResponse http = response.file() == null && !headOnly
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(response.body()))
                : new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders headers = http.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, response.contentLength());
        response.headers().forEach(headers::set);
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? "keep-alive" : "close");
        ChannelFuture done;
        if (http instanceof DefaultFullHttpResponse) {
            done = ctx.writeAndFlush(http);
        } else {
            ctx.write(http);
            if (response.file() != null && !headOnly) {
                ApiResponse.FileSlice f = response.file();
                if (ctx.pipeline().get(SslHandler.class) == null) {
                    ctx.write(new DefaultFileRegion(f.file().toFile(), f.offset(), f.length()));
                    done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                } else {
                    // as Netty's HttpStaticFileServerHandler: SslHandler must see the bytes, so chunks, ending with the last content
                    done = ctx.writeAndFlush(fileChunks(f));
                }
            } else {
                done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        }
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static HttpChunkedInput fileChunks(ApiResponse.FileSlice f) {
        try {
            return new HttpChunkedInput(new ChunkedFile(new RandomAccessFile(f.file().toFile(), "r"), f.offset(), f.length(), CHUNK_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.file() + ": " + e.getMessage(), e);
        }
    }
}
