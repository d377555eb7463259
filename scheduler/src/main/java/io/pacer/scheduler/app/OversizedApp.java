package io.pacer.scheduler.app;

import java.util.Locale;

/**
 * An app definition larger, as stored, than the state store holds in one value (docs/ha.md, limits), with its largest
 * top-level field, so that a refusal says what to shrink.
 */
public record OversizedApp(AppId id, int bytes, int limit, String largestField, int largestFieldBytes) {
    public String message() {
        return String.format(Locale.ROOT, "the app definition is %,d bytes as stored, over the state store's limit of %,d bytes;"
                + " its largest field, %s, is %,d bytes", bytes, limit, largestField, largestFieldBytes);
    }
}
