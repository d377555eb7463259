package io.pacer.discovery.haproxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A backend's server slots ({@code s1}..{@code sN} in haproxy.cfg), each empty or holding one endpoint
 * ({@code ip:port}). An endpoint keeps its slot while it lives, so that a change of endpoints is a few runtime-API
 * commands on the slots that changed; the slots double when they run out, which needs a reload.
 */
final class ServerSlots {
    static final int FIRST_SIZE = 8;

    /** One slot's new content: an endpoint, or empty to put the slot in maintenance. */
    record Change(int slot, Optional<String> endpoint) {
    }

    private String[] slots;

    ServerSlots() {
        this.slots = new String[FIRST_SIZE];
    }

    int size() {
        return slots.length;
    }

    Optional<String> at(int slot) {
        return Optional.ofNullable(slots[slot]);
    }

    /** Fills the slots with {@code wanted}: answers the changes, endpoints added first, then those removed. */
    List<Change> assign(Set<String> wanted) {
        List<Change> added = new ArrayList<>();
        List<Change> removed = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && !wanted.contains(slots[i])) {
                slots[i] = null;
                removed.add(new Change(i, Optional.empty()));
            }
        }
        Set<String> present = new java.util.HashSet<>(Arrays.asList(slots));
        List<String> missing = wanted.stream().filter(e -> !present.contains(e)).sorted().toList();
        long used = Arrays.stream(slots).filter(java.util.Objects::nonNull).count();
        while (slots.length - used < missing.size()) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        int next = 0;
        for (String endpoint : missing) {
            while (slots[next] != null) {
                next++;
            }
            slots[next] = endpoint;
            added.add(new Change(next, Optional.of(endpoint)));
        }
        // a slot freed and filled again in one go is one change, the fill
        removed.removeIf(r -> slots[r.slot()] != null);
        List<Change> changes = new ArrayList<>(added);
        changes.addAll(removed);
        return changes;
    }
}
