package io.pacer.scheduler.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * First on every API connection, before uploads are streamed or requests read whole: a request {@link ApiAccess}
 * refuses is answered at once, its body dropped unread, and the connection closed (so that no body has to be drained).
 */
final class AccessGate extends ChannelInboundHandlerAdapter {
    private final ApiAccess access;
    private boolean refusing;

    AccessGate(ApiAccess access) {
        this.access = access;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
            Optional<ApiResponse> refusal = access.refusal(request.method().name(), new QueryStringDecoder(request.uri()).path(),
                    Optional.ofNullable(request.headers().get("Authorization")), client, request.headers().contains("X-Requested-With"));
            refusing = refusal.isPresent();
            if (refusing) {
                ReferenceCountUtil.release(msg);
                ResponseWriter.write(ctx, refusal.get(), false, request.method().name().equals("HEAD"));
                return;
            }
        } else if (refusing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
