package io.pacer.localcluster.master;

import io.pacer.localcluster.resources.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * Decides which framework is offered which agent's free resources. Everything in use (offered, or held by tasks
 * and executors) is subtracted from an agent's total, so nothing is offered twice. Refusal filters behave as in
 * Mesos's hierarchical allocator (src/master/allocator/mesos/hierarchical.cpp {@code isFiltered}): an agent's
 * resources are not offered to a framework while they are a subset of what it refused, until the filter expires.
 * Agents go round-robin over the frameworks that want offers.
 */
final class OfferAllocator {
    /** Mesos does not offer less than this (src/master/constants.hpp MIN_CPUS, MIN_MEM). */
    private static final double MIN_CPUS = 0.01;
    private static final double MIN_MEM = 32;

    record Allocation(FrameworkID framework, AgentID agent, Resources resources) {
    }

    private record Filter(Resources refused, Instant until) {
    }

    private final Clock clock;
    private final Map<AgentID, Resources> totals = new LinkedHashMap<>();
    private final Map<AgentID, Resources> used = new HashMap<>();
    private final Map<FrameworkID, Map<AgentID, Filter>> filters = new HashMap<>();
    private int cursor;

    OfferAllocator(Clock clock) {
        this.clock = clock;
    }

    void addAgent(AgentID agent, Resources total) {
        totals.put(agent, total);
        used.putIfAbsent(agent, Resources.EMPTY);
    }

    Resources available(AgentID agent) {
        return totals.get(agent).minus(used.get(agent));
    }

    /** Marks resources of {@code agent} as in use; throws if they are not free. */
    void use(AgentID agent, Resources resources) {
        used.put(agent, used.get(agent).plus(resources));
        if (!totals.get(agent).contains(used.get(agent))) {
            throw new IllegalStateException("agent " + agent.getValue() + " over-committed: " + used.get(agent));
        }
    }

    void recover(AgentID agent, Resources resources) {
        used.put(agent, used.get(agent).minus(resources));
    }

    void refuse(FrameworkID framework, AgentID agent, Resources resources, Duration duration) {
        if (resources.isEmpty() || duration.isZero() || duration.isNegative()) {
            return;
        }
        filters.computeIfAbsent(framework, f -> new HashMap<>()).put(agent, new Filter(resources, clock.instant().plus(duration)));
    }

    void clearFilters(FrameworkID framework) {
        filters.remove(framework);
    }

    /** Hands each agent's free resources to the next candidate that has not refused them. */
    List<Allocation> allocate(List<FrameworkID> candidates) {
        List<Allocation> out = new ArrayList<>();
        if (candidates.isEmpty()) {
            return out;
        }
        for (AgentID agent : totals.keySet()) {
            Resources free = available(agent);
            if (!allocatable(free)) {
                continue;
            }
            for (int i = 0; i < candidates.size(); i++) {
                FrameworkID framework = candidates.get((cursor + i) % candidates.size());
                if (!filtered(framework, agent, free)) {
                    use(agent, free);
                    out.add(new Allocation(framework, agent, free));
                    cursor = (cursor + i + 1) % candidates.size();
                    break;
                }
            }
        }
        return out;
    }

    private boolean filtered(FrameworkID framework, AgentID agent, Resources free) {
        Map<AgentID, Filter> byAgent = filters.get(framework);
        Filter filter = byAgent == null ? null : byAgent.get(agent);
        if (filter == null) {
            return false;
        }
        if (!clock.instant().isBefore(filter.until())) {
            byAgent.remove(agent);
            return false;
        }
        return filter.refused().contains(free);
    }

    private static boolean allocatable(Resources free) {
        return free.scalar("cpus") >= MIN_CPUS || free.scalar("mem") >= MIN_MEM;
    }
}
