package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams server-sent events ({@code event: TYPE\ndata: JSON\n\n}, as Marathon's /v2/events) on one connection
 * until the client goes away. A client that stops reading is dropped once Netty's outbound buffer is full, so a
 * slow reader never holds up the scheduler that publishes.
 */
final class EventStreamWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamWriter.class);

    private EventStreamWriter() {
    }

    static void start(ChannelHandlerContext ctx, ApiResponse response) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        response.headers().forEach(head.headers()::set);
        ctx.write(head);
        Channel channel = ctx.channel();
        ApiResponse.EventStreamBody body = response.events();
        Consumer<ObjectNode> subscriber = new Consumer<>() {
            @Override
            public void accept(ObjectNode event) {
                if (!body.filter().test(event)) {
                    return;
                }
                if (!channel.isActive()) {
                    body.bus().unsubscribe(this);
                    return;
                }
                if (!channel.isWritable()) {
                    LOG.warn("Closing the event stream to {}: it does not keep up", channel.remoteAddress());
                    body.bus().unsubscribe(this);
                    channel.close();
                    return;
                }
                channel.writeAndFlush(chunk(event));
            }
        };
        body.bus().subscribe(subscriber, () -> channel.writeAndFlush(chunk(body.first())), channel::close);
        channel.closeFuture().addListener(f -> body.bus().unsubscribe(subscriber));
    }

    private static DefaultHttpContent chunk(ObjectNode event) {
        String text = "event: " + event.get("eventType").asText() + "\ndata: " + event + "\n\n";
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }
}
