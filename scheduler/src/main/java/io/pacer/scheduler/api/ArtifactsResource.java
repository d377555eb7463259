package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.artifacts.ArtifactStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v2/artifacts}: Marathon's artifact store (api/v2/ArtifactsResource.scala before its removal in 1.6):
 * uploads (201 with a Location when new, 200 when replacing), GET with Content-Length, Last-Modified and a type
 * from the extension, DELETE. Pacer adds an ETag and single byte ranges, so agents can fetch and resume cheaply.
 * Uploads reach {@link #uploaded} as finished files; the server streams them to disk.
 */
public final class ArtifactsResource implements Route, UploadTarget {
    public static final String PREFIX = "/v2/artifacts";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Map<String, String> TYPES = Map.of("json", "application/json", "jar", "application/java-archive",
            "gz", "application/gzip", "tgz", "application/gzip", "zip", "application/zip", "tar", "application/x-tar",
            "py", "text/x-python", "sh", "text/x-shellscript", "txt", "text/plain", "html", "text/html");

    private final ArtifactStore store;

    public ArtifactsResource(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String path = pathOf(request.path());
        return switch (request.method()) {
            case "GET", "HEAD" -> get(request, path);
            case "DELETE" -> {
                store.delete(path);
                yield ApiResponse.json(200, JsonNodeFactory.instance.objectNode());
            }
            default -> throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
        };
    }

    @Override
    public boolean accepts(String method, String path) {
        return (method.equals("PUT") || method.equals("POST")) && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    @Override
    public Path newUploadFile() {
        return store.newUploadFile();
    }

    /**
     * Stores a finished upload. {@code pathOrRoot} is the request path; for POST to the store's root the artifact
     * takes the uploaded file's name.
     */
    @Override
    public ApiResponse uploaded(String requestPath, Optional<String> fileName, Path upload, String baseUrl) {
        String path = requestPath.equals(PREFIX) || requestPath.equals(PREFIX + "/")
                ? fileName.filter(n -> !n.isBlank()).orElseThrow(() -> ApiException.of(400, "Please use 'file' as form parameter name!"))
                : pathOf(requestPath);
        checked(path);
        boolean created = store.store(path, upload);
        String location = baseUrl + PREFIX + "/" + path;
        var body = JsonNodeFactory.instance.objectNode().put("path", PREFIX + "/" + path).put("url", location);
        return created ? ApiResponse.json(201, body, Map.of("Location", location)) : ApiResponse.json(200, body);
    }

    private ApiResponse get(ApiRequest request, String path) {
        ArtifactStore.Item item = store.find(path).orElseThrow(() -> ApiException.of(404, "No artifact with path " + path));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", item.etag());
        headers.put("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(item.lastModifiedMillis()).atOffset(ZoneOffset.UTC)));
        headers.put("Accept-Ranges", "bytes");
        String type = TYPES.getOrDefault(path.substring(path.lastIndexOf('.') + 1), "application/octet-stream");
        if (request.header("If-None-Match").filter(item.etag()::equals).isPresent()) {
            return new ApiResponse(304, type, new byte[0], headers);
        }
        Optional<String> range = request.header("Range").filter(r -> request.header("If-Range").map(item.etag()::equals).orElse(true));
        if (range.isEmpty()) {
            return ApiResponse.file(200, type, new ApiResponse.FileSlice(item.file(), 0, item.length()), headers);
        }
        long[] slice = slice(range.get(), item.length());
        if (slice == null) {
            headers.put("Content-Range", "bytes */" + item.length());
            return new ApiResponse(416, type, new byte[0], headers);
        }
        headers.put("Content-Range", "bytes " + slice[0] + "-" + (slice[0] + slice[1] - 1) + "/" + item.length());
        return ApiResponse.file(206, type, new ApiResponse.FileSlice(item.file(), slice[0], slice[1]), headers);
    }

    /** {offset, length} of a single RFC 9110 byte range, or null when it cannot be satisfied. */
    private static long[] slice(String header, long length) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        long start;
        long end;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            start = Math.max(0, length - suffix);
            end = length - 1;
        } else {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
        }
        return start >= length || end < start ? null : new long[] {start, end - start + 1};
    }

    private static String pathOf(String requestPath) {
        String path = requestPath.length() > PREFIX.length() + 1 ? requestPath.substring(PREFIX.length() + 1) : "";
        return checked(path);
    }

    private static String checked(String path) {
        String problem = ArtifactStore.problemWith(path);
        if (problem != null) {
            throw ApiException.of(400, problem);
        }
        return path;
    }
}
