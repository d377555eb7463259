package io.pacer.executor.docker;

import com.github.dockerjava.api.exception.DockerException;

/** Turns what docker-java throws into the engine's own words, for a task's status message. */
final class DockerErrors {
    private DockerErrors() {
    }

    static String describe(Throwable error) {
        if (error instanceof DockerException docker) {
            // The engine's message arrives as a JSON body, e.g. {"message":"pull access denied for x"}.
            String body = docker.getMessage() == null ? "" : docker.getMessage().trim();
            int start = body.indexOf("\"message\":\"");
            if (start >= 0) {
                int from = start + "\"message\":\"".length();
                int end = body.indexOf('"', from);
                return end > from ? body.substring(from, end) : body;
            }
            return body.replaceFirst("^Status \\d+: ", "");
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
