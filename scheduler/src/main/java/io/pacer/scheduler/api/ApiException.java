package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.Violations;

/**
 * A request the API refuses, carrying Marathon's answer for it (MarathonExceptionMapper.scala: 404 and 409 as
 * {"message"}, malformed JSON as 400 {"message":"Invalid JSON","details":...}, validation as 422).
 */
public final class ApiException extends RuntimeException {
    private final ApiResponse response;

    private ApiException(String message, ApiResponse response) {
        super(message);
        this.response = response;
    }

    public ApiResponse response() {
        return response;
    }

    public static ApiException of(int status, String message) {
        return new ApiException(message, ApiResponse.json(status, JsonNodeFactory.instance.objectNode().put("message", message)));
    }

    /** A refusal whose body carries more than the message (e.g. 409's locking deployments). */
    public static ApiException of(int status, String message, ObjectNode body) {
        return new ApiException(message, ApiResponse.json(status, body));
    }

    public static ApiException invalidJson(String parserMessage) {
        return new ApiException(parserMessage, ApiResponse.json(400, JsonNodeFactory.instance.objectNode()
                .put("message", "Invalid JSON").put("details", parserMessage)));
    }

    /** 422 {"message":"Object is not valid","details":[{"path":"/cpus","errors":["..."]}]} (api/v2/Validation.scala). */
    public static ApiException invalid(Violations violations) {
        return unprocessable("Object is not valid", violations);
    }

    /**
     * 422 {"message":"Invalid JSON","details":[...]}: well-formed JSON without the fields a request needs, as Marathon
     * answers a body its JSON reader cannot map (MarathonExceptionMapper's JsResultException, RestResource.entity).
     */
    public static ApiException unmappable(String path, String error) {
        Violations violations = new Violations();
        violations.add(path, error);
        return unprocessable("Invalid JSON", violations);
    }

    private static ApiException unprocessable(String message, Violations violations) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", message);
        var details = body.putArray("details");
        violations.byPath().forEach((path, errors) -> {
            var detail = details.addObject().put("path", path);
            errors.forEach(detail.putArray("errors")::add);
        });
        return new ApiException(message, ApiResponse.json(422, body));
    }
}
