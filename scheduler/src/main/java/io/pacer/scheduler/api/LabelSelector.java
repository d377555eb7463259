package io.pacer.scheduler.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Marathon's {@code ?label=} selector for GET /v2/apps (api/v2/LabelSelectorParsers.scala): comma-separated
 * terms, each {@code key} (exists), {@code key==value} or {@code key!=value}; all must hold.
 */
record LabelSelector(List<Term> terms) {
    record Term(String key, String operator, String value) {
        boolean matches(Map<String, String> labels) {
            return switch (operator) {
                case "==" -> value.equals(labels.get(key));
                case "!=" -> !value.equals(labels.get(key));
                default -> labels.containsKey(key);
            };
        }
    }

    static LabelSelector parse(String text) {
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.strip();
            int eq = t.indexOf("==");
            int ne = t.indexOf("!=");
            if (eq > 0) {
                terms.add(new Term(t.substring(0, eq).strip(), "==", t.substring(eq + 2).strip()));
            } else if (ne > 0) {
                terms.add(new Term(t.substring(0, ne).strip(), "!=", t.substring(ne + 2).strip()));
            } else if (!t.isEmpty() && t.matches("[A-Za-z0-9_.\\-/]+")) {
                terms.add(new Term(t, "exists", ""));
            } else {
                throw ApiException.of(400, "Invalid label selector '" + text + "': use key, key==value or key!=value, comma-separated");
            }
        }
        return new LabelSelector(List.copyOf(terms));
    }

    boolean matches(Map<String, String> labels) {
        return terms.stream().allMatch(t -> t.matches(labels));
    }
}
