package io.pacer.localcluster.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** One HTTP request and the means to answer it, either at once or with an event stream. Answer exactly once. */
public final class HttpExchange {
    private final ChannelHandlerContext ctx;
    private final HttpMethod method;
    private final HttpHeaders headers;
    private final byte[] body;
    private final boolean keepAlive;

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request) {
        this.ctx = ctx;
        this.method = request.method();
        this.headers = request.headers().copy();
        byte[] bytes = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), bytes);
        this.body = bytes;
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    public HttpMethod method() {
        return method;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public byte[] body() {
        return body;
    }

    public void reply(HttpResponseStatus status, String text) {
        reply(status, text, Map.of());
    }

    public void reply(HttpResponseStatus status, String text, Map<String, String> extraHeaders) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        if (!text.isEmpty()) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        extraHeaders.forEach(response.headers()::set);
        send(response, status);
    }

    private void send(FullHttpResponse response, HttpResponseStatus status) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive && status.code() < 400) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            // Mesos closes the connection after an invalid request (reference Part A); saying so keeps a client from
            // sending its next request on it
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** 200 with a JSON body. */
    public void replyJson(String json) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        send(response, HttpResponseStatus.OK);
    }

    public void reply(HttpError error) {
        reply(error.status(), error.getMessage(), error.headers());
    }

    public void accepted() {
        reply(HttpResponseStatus.ACCEPTED, "");
    }

    /** Answers 200 with a chunked body that stays open for events. */
    public EventStream openStream(MediaType encoding, Map<String, String> extraHeaders) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, encoding.value());
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        extraHeaders.forEach(response.headers()::set);
        ctx.writeAndFlush(response);
        return new EventStream(ctx.channel(), encoding);
    }
}
