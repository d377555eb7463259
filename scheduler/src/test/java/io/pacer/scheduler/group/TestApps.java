package io.pacer.scheduler.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import java.time.Instant;
import java.util.Optional;

/** Apps and JSON for the group tests, read through the real AppJsonReader. */
final class TestApps {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant V1 = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant V2 = Instant.parse("2026-12-02T10:00:00Z");
    static final Instant V3 = Instant.parse("2026-12-03T10:00:00Z");

    private TestApps() {
    }

    static AppDefinition app(String id, int instances, Instant version, String... dependencies) {
        ObjectNode json = MAPPER.createObjectNode().put("id", id).put("cmd", "sleep 1000").put("instances", instances);
        for (String dependency : dependencies) {
            json.withArray("dependencies").add(dependency);
        }
        return AppJsonReader.read(json, Optional.empty(), version);
    }

    static AppId id(String text) {
        return AppId.parse(text);
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
