package io.pacer.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonWriter;
import java.util.Arrays;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each app definition's JSON, written once and kept until the definition is replaced: {@code GET /v2/apps} with
 * hundreds of apps then only adds each app's counts, instead of rebuilding and serialising every definition per
 * request. The repository keeps definitions immutable and replaces them on change, so identity tells a stale entry.
 */
final class AppJsonCache {
    private record Entry(AppDefinition app, byte[] openJson) {
    }

    private final Map<AppId, Entry> entries = new ConcurrentHashMap<>();

    /** The app's JSON object without its closing brace, for more fields to follow. */
    byte[] open(AppDefinition app) {
        Entry entry = entries.get(app.id());
        if (entry == null || entry.app() != app) {
            entry = new Entry(app, withoutClosingBrace(app));
            entries.put(app.id(), entry);
        }
        return entry.openJson();
    }

    /** Forgets apps that are gone, so that deleted apps do not stay in memory. */
    void retainOnly(Set<AppId> ids) {
        entries.keySet().retainAll(ids);
    }

    private static byte[] withoutClosingBrace(AppDefinition app) {
        try {
            byte[] json = ApiResponse.JSON.writeValueAsBytes(AppJsonWriter.write(app));
            return Arrays.copyOf(json, json.length - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write app " + app.id() + " as JSON", e);
        }
    }
}
