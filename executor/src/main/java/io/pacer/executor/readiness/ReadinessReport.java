package io.pacer.executor.readiness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * How a readiness result reaches the scheduler: a TASK_RUNNING status update (reliable, in order with the task's
 * other updates, and forwarded by a real Mesos agent and master as it is) whose label {@value #LABEL} holds the
 * result as JSON in Marathon's TaskReadinessCheckResult shape without the task id:
 * {@code {"name":"readinessCheck","ready":false,"lastResponse":{"status":503,"contentType":"text/plain","body":"..."}}}.
 */
public final class ReadinessReport {
    public static final String LABEL = "pacer.readiness";
    private static final JsonFactory JSON = new JsonFactory();

    private ReadinessReport() {
    }

    public static String labelValue(ReadinessResult result) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("name", result.name());
            json.writeBooleanField("ready", result.ready());
            if (result.lastResponse().isPresent()) {
                json.writeObjectFieldStart("lastResponse");
                json.writeNumberField("status", result.lastResponse().get().status());
                json.writeStringField("contentType", result.lastResponse().get().contentType());
                json.writeStringField("body", result.lastResponse().get().body());
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return text.toString();
    }

    /** The update's message: "Readiness check 'readinessCheck' of http://127.0.0.1:31000/ready: not ready, HTTP 503". */
    public static String message(ReadinessCheckSpec spec, ReadinessResult result) {
        return "Readiness check '" + spec.name() + "' of " + spec.probe().target() + ": "
                + (result.ready() ? "ready" : "not ready") + ", " + result.detail();
    }
}
