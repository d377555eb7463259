package io.pacer.scheduler.app;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An app's id: an absolute path such as {@code /prod/web}, whose last segment names the app and the rest its group.
 * Segments follow Marathon's PathId rule (lower-case letters, digits, '-' and '.'; no leading or trailing '-').
 */
public record AppId(String path) {
    private static final Pattern SEGMENT = Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");

    public AppId {
        String problem = problemWith(path);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Reads {@code prod/web}, {@code /prod/web} or {@code /prod/web/} as {@code /prod/web}. */
    public static AppId parse(String text) {
        return new AppId(normalise(text));
    }

    /** Why {@code text} cannot be an app id, or null when it can. */
    public static String problemWith(String text) {
        String normal = normalise(text);
        if (normal.equals("/")) {
            return "must not be empty: an app id is a path such as /prod/web";
        }
        for (String segment : segments(normal)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                return "'" + segment + "' is not a valid id segment: use lower-case letters, digits, '-' and '.', "
                        + "starting and ending with a letter or digit";
            }
        }
        return null;
    }

    public List<String> segments() {
        return segments(path);
    }

    @Override
    public String toString() {
        return path;
    }

    private static String normalise(String text) {
        String t = text == null ? "" : text.strip();
        while (t.endsWith("/") && t.length() > 1) {
            t = t.substring(0, t.length() - 1);
        }
        return t.startsWith("/") ? t : "/" + t;
    }

    private static List<String> segments(String normal) {
        return List.of(normal.substring(1).split("/", -1));
    }
}
