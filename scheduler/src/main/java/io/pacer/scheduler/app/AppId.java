package io.pacer.scheduler.app;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An app's id in canonical form: absolute, no empty segments, no {@code .} or {@code ..}, such as {@code /prod/web};
 * its last segment names the app and the rest its group. {@link #parse} reads any written form through
 * {@link PathId}; {@link #problems} says whether it may name a new app, as Marathon's PathId validator does.
 */
public record AppId(String path) {
    /**
     * A segment as Marathon's ID_PATH_SEGMENT_PATTERN allows (state/PathId.scala, "PathId" in stringTypes.raml):
     * dot-separated labels of lower-case letters, digits and '-', not starting or ending with '-'; or {@code .} or
     * {@code ..}. The pattern is quoted as Marathon quotes it in its message, so that clients see the same text.
     */
    private static final String SEGMENT_PATTERN =
            "^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$";
    private static final Pattern SEGMENT = Pattern.compile(SEGMENT_PATTERN);
    /** Last segments that would make the app's URLs mean something else (/v2/apps/x/tasks lists x's tasks). */
    private static final List<String> RESERVED = List.of("restart", "tasks", "versions", ".", "..");

    public static final String NOT_EMPTY = "Path must contain at least one path element";
    public static final String BAD_CHARACTERS = "must fully match regular expression '" + SEGMENT_PATTERN + "'";
    public static final String RESERVED_END = "must not end with any of the following reserved keywords: " + String.join(", ", RESERVED);

    public AppId {
        if (!path.startsWith("/") || (path.length() > 1 && (path.endsWith("/") || path.contains("//")))) {
            throw new IllegalArgumentException("not a canonical id: " + path);
        }
    }

    /** Reads {@code prod/web}, {@code /prod/web/}, {@code //prod/./web} or {@code /prod/x/../web} as {@code /prod/web}. */
    public static AppId parse(String text) {
        return PathId.parse(text).canonical();
    }

    /** Why this id cannot name an app, in Marathon's words; empty when it can. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<String> segments = segments();
        if (segments.isEmpty()) {
            problems.add(NOT_EMPTY);
            return problems;
        }
        if (!segments.stream().allMatch(s -> SEGMENT.matcher(s).matches())) {
            problems.add(BAD_CHARACTERS);
        }
        if (RESERVED.contains(segments.get(segments.size() - 1))) {
            problems.add(RESERVED_END);
        }
        return problems;
    }

    public boolean isRoot() {
        return path.equals("/");
    }

    /** The group this id is in; the root's parent is the root. */
    public AppId parent() {
        List<String> segments = segments();
        return new AppId("/" + String.join("/", segments.subList(0, Math.max(0, segments.size() - 1))));
    }

    /**
     * This id as one segment of a state store key, alike in every repository: "/prod/web" is "prod..web" ('/' cannot be
     * in a segment, and no id segment contains "..", so ".." separates them), the root "_root" ('_' is in no id).
     */
    public String keySegment() {
        return isRoot() ? "_root" : String.join("..", segments());
    }

    public List<String> segments() {
        return isRoot() ? List.of() : List.of(path.substring(1).split("/"));
    }

    @Override
    public String toString() {
        return path;
    }
}
