package io.pacer.localcluster.http;

/** Answers the requests to one path. Called on a Netty thread: hand the work to the cluster loop. */
@FunctionalInterface
public interface HttpRoute {
    void handle(HttpExchange exchange);
}
