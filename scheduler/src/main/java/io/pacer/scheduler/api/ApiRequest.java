package io.pacer.scheduler.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request to the REST API, read whole (bodies are small; the server caps them). */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body,
                         String remoteAddress) {
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean flag(String name, boolean otherwise) {
        return queryParam(name).map(v -> !v.equalsIgnoreCase("false")).orElse(otherwise);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
