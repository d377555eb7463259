package io.pacer.scheduler.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: static files carried in pacer.jar under {@code /webui}. {@code GET /} is the UI's page, never cached
 * (so a new pacer.jar is seen at once); {@code GET /ui/<file>} its scripts and styles, with a strong ETag so a
 * browser revalidates and gets 304 when nothing changed. The UI uses the public REST API only.
 */
public final class WebUiResource {
    public static final String HOME = "/";
    public static final String ASSETS = "/ui";
    private static final String ROOT = "/webui/";
    /** Flat names only: nothing outside the UI's folder is reachable. */
    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private record Asset(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Optional<Asset>> loaded = new ConcurrentHashMap<>();

    /** Answers exactly {@code /} with the page; every other path falls through to the API's 404. */
    public Route home() {
        return Route.get(HOME, request -> asset("index.html")
                .map(a -> new ApiResponse(200, a.contentType(), a.body(), Map.of("Cache-Control", "no-store")))
                .orElseThrow(() -> ApiException.of(404, "this build of pacer.jar carries no web UI")));
    }

    public Route assets() {
        return request -> {
            String name = request.path().substring(Math.min(request.path().length(), ASSETS.length() + 1));
            if (!ASSET_NAME.matcher(name).matches()) {
                return null;
            }
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
            }
            Asset asset = asset(name).orElse(null);
            if (asset == null) {
                return null;
            }
            Map<String, String> headers = Map.of("ETag", asset.etag(), "Cache-Control", "no-cache");
            if (request.header("If-None-Match").map(asset.etag()::equals).orElse(false)) {
                return new ApiResponse(304, asset.contentType(), new byte[0], headers);
            }
            return new ApiResponse(200, asset.contentType(), asset.body(), headers);
        };
    }

    private Optional<Asset> asset(String name) {
        return loaded.computeIfAbsent(name, WebUiResource::load);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = WebUiResource.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new Asset(body, type, "\"" + sha256(body) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web UI's " + name + " from pacer.jar", e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
