package io.pacer.scheduler.api;

import java.util.function.Function;

/** Answers the requests under one path prefix; returns null for a path it does not know below that prefix. */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request);

    /** A route for exactly {@code path} that answers GET and HEAD with {@code answer}; other methods get 405. */
    static Route get(String path, Function<ApiRequest, ApiResponse> answer) {
        return request -> {
            if (!request.path().equals(path)) {
                return null;
            }
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                throw ApiException.of(405, request.method() + " is not allowed on " + path);
            }
            return answer.apply(request);
        };
    }
}
