package io.pacer.scheduler.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An id as written in a URL or a body, read the way Marathon reads one (state/PathId.scala, {@code PathId.apply}):
 * slashes at either end are dropped and empty segments ignored, so {@code //x/y/}, {@code /x//y} and {@code /x/y} are
 * the same id; a leading slash makes it absolute. {@code .} and {@code ..} stay as written until {@link #canonical}
 * resolves them against a base, as {@code canonicalPath} does. The one parser for every id Pacer reads.
 */
public record PathId(List<String> segments, boolean absolute) {
    public PathId {
        segments = List.copyOf(segments);
    }

    public static PathId parse(String text) {
        String t = text == null ? "" : text.strip();
        List<String> segments = Arrays.stream(t.split("/")).filter(s -> !s.isEmpty()).toList();
        return new PathId(segments, t.startsWith("/"));
    }

    /** No segments: {@code /} (the root) or the empty relative id. */
    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The root's id. */
    public static AppId root() {
        return new AppId("/");
    }

    /** The absolute id, relative to the root when this one is relative. */
    public AppId canonical() {
        return canonical(root());
    }

    /**
     * The absolute id this one names from {@code base}: an absolute id ignores the base; {@code .} stays and
     * {@code ..} goes up one level, never above the root.
     */
    public AppId canonical(AppId base) {
        List<String> result = new ArrayList<>(absolute ? List.of() : base.segments());
        for (String segment : segments) {
            if (segment.equals("..")) {
                if (!result.isEmpty()) {
                    result.remove(result.size() - 1);
                }
            } else if (!segment.equals(".")) {
                result.add(segment);
            }
        }
        return new AppId("/" + String.join("/", result));
    }

    @Override
    public String toString() {
        return (absolute ? "/" : "") + String.join("/", segments);
    }
}
