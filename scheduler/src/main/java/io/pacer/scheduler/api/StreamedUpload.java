package io.pacer.scheduler.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the bodies of uploads (raw, or multipart with a {@code file} field as Marathon's artifact store took)
 * to a file as they arrive, never holding them in memory, then hands the finished file to its {@link UploadTarget}.
 * Other requests pass through untouched. One instance per connection.
 */
final class StreamedUpload extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamedUpload.class);

    private final UploadTarget target;
    private final long maxBytes;
    private final Executor workers;
    private HttpRequest request;
    private Path file;
    private FileChannel out;
    private HttpPostRequestDecoder multipart;
    private long received;
    private boolean tooLarge;

    StreamedUpload(UploadTarget target, long maxBytes, Executor workers) {
        this.target = target;
        this.maxBytes = maxBytes;
        this.workers = workers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (request == null && msg instanceof HttpRequest http
                && target.accepts(http.method().name(), new QueryStringDecoder(http.uri()).path())) {
            begin(ctx, http);
        }
        if (request == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof HttpContent content) {
                receive(content);
                if (content instanceof LastHttpContent) {
                    finish(ctx);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discard();
        super.channelInactive(ctx);
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest http) throws IOException {
        request = http;
        received = 0;
        tooLarge = HttpUtil.getContentLength(http, 0L) > maxBytes;
        if (!tooLarge && HttpPostRequestDecoder.isMultipart(http)) {
            multipart = new HttpPostRequestDecoder(new DefaultHttpDataFactory(true), http);
        } else if (!tooLarge) {
            file = target.newUploadFile();
            out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (HttpUtil.is100ContinueExpected(http) && !tooLarge) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    private void receive(HttpContent content) throws IOException {
        received += content.content().readableBytes();
        if (tooLarge || received > maxBytes) {
            tooLarge = true;
            discard();
        } else if (multipart != null) {
            multipart.offer(content);
        } else {
            content.content().readBytes(out, content.content().readableBytes());
        }
    }

    private void finish(ChannelHandlerContext ctx) throws IOException {
        HttpRequest finished = request;
        boolean keepAlive = HttpUtil.isKeepAlive(finished) && !tooLarge;
        String path = new QueryStringDecoder(finished.uri()).path();
        String baseUrl = "http://" + Optional.ofNullable(finished.headers().get(HttpHeaderNames.HOST)).orElse("localhost");
        if (tooLarge) {
            reset();
            ResponseWriter.write(ctx, ApiException.of(413, "the upload is larger than " + maxBytes + " bytes").response(), false, false);
            return;
        }
        Optional<String> fileName = Optional.empty();
        if (multipart != null) {
            InterfaceHttpData part = multipart.getBodyHttpData("file");
            if (part instanceof FileUpload upload) {
                fileName = Optional.ofNullable(upload.getFilename()).map(n -> n.substring(n.lastIndexOf('/') + 1));
                file = target.newUploadFile();
                upload.renameTo(file.toFile());
            }
        } else {
            out.close();
            out = null;
        }
        Path uploaded = file;
        Optional<String> name = fileName;
        boolean hasFile = uploaded != null;
        reset();
        workers.execute(() -> {
            ApiResponse response;
            try {
                response = hasFile ? target.uploaded(path, name, uploaded, baseUrl)
                        : ApiException.of(400, "Please use 'file' as form parameter name!").response();
            } catch (ApiException e) {
                response = e.response();
            } catch (RuntimeException e) {
                LOG.error("Storing the upload to {} failed", path, e);
                response = ApiException.of(500, "Pacer failed to store the upload: " + e.getMessage()).response();
            } finally {
                deleteQuietly(uploaded);
            }
            ResponseWriter.write(ctx, response, keepAlive, false);
        });
    }

    /** Drops what an unfinished or refused upload wrote. */
    private void discard() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("closing an abandoned upload: {}", e.toString());
            }
            out = null;
        }
        deleteQuietly(file);
        file = null;
        if (multipart != null) {
            multipart.destroy();
            multipart = null;
        }
    }

    private void reset() {
        if (multipart != null) {
            multipart.destroy();
            multipart = null;
        }
        request = null;
        file = null;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", p, e.toString());
            }
        }
    }
}
