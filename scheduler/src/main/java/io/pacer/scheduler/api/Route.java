package io.pacer.scheduler.api;

/** Answers the requests under one path prefix; returns null for a path it does not know below that prefix. */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request);
}
