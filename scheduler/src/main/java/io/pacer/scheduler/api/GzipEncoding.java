package io.pacer.scheduler.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code Content-Encoding: gzip} for answers Pacer keeps (the unfiltered app list), when the client's
 * {@code Accept-Encoding} allows it (RFC 9110 §12.5.3): Marathon compresses its answers too ({@code --http_compression},
 * on by default).
 */
final class GzipEncoding {
    static final Map<String, String> HEADERS = Map.of("Content-Encoding", "gzip", "Vary", "Accept-Encoding");

    private GzipEncoding() {
    }

    /** Whether {@code Accept-Encoding} lists gzip (or {@code *}) without {@code q=0}. */
    static boolean accepted(ApiRequest request) {
        return request.header("accept-encoding").map(value -> {
            for (String coding : value.toLowerCase(Locale.ROOT).split(",")) {
                String[] parts = coding.split(";");
                String name = parts[0].strip();
                boolean refused = parts.length > 1 && parts[1].strip().matches("q=0(\\.0*)?");
                if ((name.equals("gzip") || name.equals("*")) && !refused) {
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }

    static byte[] encode(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }
}
