package io.pacer.localcluster.master;

import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.agent.Agent;
import io.pacer.localcluster.resources.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of offers: made from what the {@link OfferAllocator} hands out, sent as OFFERS, then declined (with a
 * refusal filter), taken by an ACCEPT, rescinded after the offer timeout, or taken back quietly when their
 * framework goes away (src/master/master.cpp {@code offer}, {@code decline}, {@code rescindOffer}, {@code removeOffer}).
 */
final class OfferBook {
    private static final Logger LOG = LoggerFactory.getLogger(OfferBook.class);
    /** FrameworkInfo.Filters.refuse_seconds's default in mesos.proto. */
    private static final Duration DEFAULT_REFUSE = Duration.ofSeconds(5);
    /** Mesos caps refuse_seconds at 365 days (src/master/master.cpp). */
    private static final Duration MAX_REFUSE = Duration.ofDays(365);

    private final String masterId;
    private final ClusterLoop loop;
    private final Optional<Duration> offerTimeout;
    private final OfferAllocator allocator;
    private final FrameworkRegistry frameworks;
    private final Map<AgentID, Agent> agents;
    private long nextOfferId;

    OfferBook(String masterId, ClusterLoop loop, Optional<Duration> offerTimeout, OfferAllocator allocator,
              FrameworkRegistry frameworks, Map<AgentID, Agent> agents) {
        this.masterId = masterId;
        this.loop = loop;
        this.offerTimeout = offerTimeout;
        this.allocator = allocator;
        this.frameworks = frameworks;
        this.agents = agents;
    }

    /** Offers whatever is free to the frameworks that want offers. */
    void allocate() {
        List<FrameworkID> candidates = frameworks.all().stream()
                .filter(f -> f.connected() && !f.suppressed)
                .map(f -> f.id)
                .toList();
        Map<Framework, List<Offer>> byFramework = new LinkedHashMap<>();
        for (OfferAllocator.Allocation allocation : allocator.allocate(candidates)) {
            Framework framework = frameworks.get(allocation.framework()).orElseThrow();
            Offer offer = offer(framework, agents.get(allocation.agent()), allocation.resources());
            framework.offers.put(offer.getId(), offer);
            byFramework.computeIfAbsent(framework, f -> new ArrayList<>()).add(offer);
            offerTimeout.ifPresent(timeout -> loop.schedule(timeout, () -> rescind(framework, offer.getId())));
        }
        byFramework.forEach((framework, offers) -> {
            LOG.info("Offering {} to framework {}", offers.stream()
                    .map(o -> o.getAgentId().getValue() + " " + Resources.fromProtos(o.getResourcesList())).toList(), framework);
            framework.send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addAllOffers(offers)).build());
        });
    }

    private Offer offer(Framework framework, Agent agent, Resources resources) {
        boolean multiRole = framework.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE);
        return Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(masterId + "-O" + nextOfferId++))
                .setFrameworkId(framework.id)
                .setAgentId(agent.id())
                .setHostname(agent.hostname())
                .setUrl(agent.url())
                .addAllAttributes(agent.info().getAttributesList())
                .addAllResources(resources.toProtos(multiRole ? framework.role() : null))
                .addAllExecutorIds(agent.executorIds(framework.id))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(framework.role()))
                .build();
    }

    private void rescind(Framework framework, OfferID offerId) {
        Offer offer = framework.offers.remove(offerId);
        if (offer == null) {
            return;
        }
        allocator.recover(offer.getAgentId(), Resources.fromProtos(offer.getResourcesList()));
        LOG.info("Rescinding offer {} of framework {}", offerId.getValue(), framework);
        framework.send(Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder().setOfferId(offerId)).build());
        allocate();
    }

    void decline(Framework framework, Call.Decline decline) {
        for (OfferID id : decline.getOfferIdsList()) {
            Offer offer = framework.offers.remove(id);
            if (offer == null) {
                LOG.warn("Ignoring decline of offer {} since it is no longer valid", id.getValue());
                continue;
            }
            Resources resources = Resources.fromProtos(offer.getResourcesList());
            allocator.recover(offer.getAgentId(), resources);
            refuse(framework, offer.getAgentId(), resources, decline.getFilters());
        }
        allocate();
    }

    /** Removes the (validated) offers of an ACCEPT and returns what they held, now free for the launch to use. */
    Resources take(Framework framework, List<OfferID> ids) {
        Resources offered = Resources.EMPTY;
        for (OfferID id : ids) {
            Offer offer = framework.offers.remove(id);
            Resources resources = Resources.fromProtos(offer.getResourcesList());
            allocator.recover(offer.getAgentId(), resources);
            offered = offered.plus(resources);
        }
        return offered;
    }

    /** An ACCEPT with invalid offers: whichever of them are still valid are taken back. */
    void discard(Framework framework, List<OfferID> ids) {
        for (OfferID id : ids) {
            Offer offer = framework.offers.remove(id);
            if (offer != null) {
                allocator.recover(offer.getAgentId(), Resources.fromProtos(offer.getResourcesList()));
            }
        }
    }

    /** The framework's offers went to a connection that is gone: taken back without RESCIND. */
    void takeBackAll(Framework framework) {
        discard(framework, List.copyOf(framework.offers.keySet()));
    }

    void refuse(Framework framework, AgentID agent, Resources resources, Filters filters) {
        allocator.refuse(framework.id, agent, resources, refusal(filters));
    }

    void revive(Framework framework, List<String> roles) {
        if (appliesToRole(framework, roles)) {
            framework.suppressed = false;
            allocator.clearFilters(framework.id);
            LOG.info("Framework {} revived offers", framework);
            allocate();
        }
    }

    void suppress(Framework framework, List<String> roles) {
        if (appliesToRole(framework, roles)) {
            framework.suppressed = true;
            LOG.info("Framework {} suppressed offers", framework);
        }
    }

    /** A removed framework's filters go with it. */
    void forget(Framework framework) {
        takeBackAll(framework);
        allocator.clearFilters(framework.id);
    }

    private static boolean appliesToRole(Framework framework, List<String> roles) {
        return roles.isEmpty() || roles.contains(framework.role());
    }

    private static Duration refusal(Filters filters) {
        if (!filters.hasRefuseSeconds() || filters.getRefuseSeconds() < 0 || Double.isNaN(filters.getRefuseSeconds())) {
            return DEFAULT_REFUSE;
        }
        double nanos = Math.min(filters.getRefuseSeconds() * 1e9, MAX_REFUSE.toNanos());
        return Duration.ofNanos((long) nanos);
    }
}
