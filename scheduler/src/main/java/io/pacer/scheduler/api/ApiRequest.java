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

    /** The body as JSON; a missing or malformed body is Marathon's 400 "Invalid JSON" with where the parser stopped. */
    public com.fasterxml.jackson.databind.JsonNode jsonBody() {
        if (body.length == 0) {
            throw ApiException.invalidJson("No content to map due to end-of-input: the request has no body");
        }
        try {
            return ApiResponse.JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.invalidJson(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw ApiException.invalidJson(e.getMessage());
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
