package io.pacer.localcluster.http;

import com.google.protobuf.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.pacer.mesos.RecordIoEncoder;

/**
 * The open body of a SUBSCRIBE answer: events go out RecordIO-framed in the negotiated encoding, one record per
 * HTTP chunk (some clients rely on that). Safe to use from any thread; Netty orders the writes on the channel's
 * own thread.
 */
public final class EventStream {
    private final Channel channel;
    private final MediaType encoding;

    EventStream(Channel channel, MediaType encoding) {
        this.channel = channel;
        this.encoding = encoding;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public void send(Message event) {
        if (channel.isActive()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(RecordIoEncoder.encode(encoding.encode(event)))));
        }
    }

    /** Sends {@code last} (e.g. an ERROR event), then ends the stream and the connection. */
    public void sendAndClose(Message last) {
        send(last);
        close();
    }

    public void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Runs {@code action} once the connection is gone, whoever closed it. */
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }
}
