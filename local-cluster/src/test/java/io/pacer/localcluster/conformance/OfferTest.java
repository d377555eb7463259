package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OFFERS, DECLINE with filters, REVIVE, SUPPRESS and RESCIND (docs/scheduler-http-api.md, src/master/allocator). */
class OfferTest {
    /** Long enough for several allocation rounds of the test cluster (200 ms). */
    private static final Duration QUIET = Duration.ofMillis(1200);

    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void offersCarryTheAgentsUnreservedResources() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("offers").build())) {
            Offer offer = scheduler.awaitOffer();
            assertThat(offer.getFrameworkId()).isEqualTo(scheduler.frameworkId());
            assertThat(offer.getAgentId().getValue()).isNotEmpty();
            assertThat(offer.getHostname()).isEqualTo("127.0.0.1");
            assertThat(offer.getUrl().getAddress().getPort()).isPositive();
            assertThat(Resources.fromProtos(offer.getResourcesList()).toString())
                    .isEqualTo("cpus:2; disk:2000; mem:1024; ports:[31000-31009]");
        }
    }

    @Test
    void declinedResourcesComeBackAfterRefuseSeconds() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("decline").build())) {
            Offer offer = scheduler.awaitOffer();
            scheduler.call(decline(offer, 2));
            long declined = System.nanoTime();
            assertThat(scheduler.receives(Event.Type.OFFERS, e -> true, QUIET)).isFalse();
            scheduler.awaitOffer();
            assertThat(Duration.ofNanos(System.nanoTime() - declined)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void reviveClearsFilters() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("revive").build())) {
            scheduler.call(decline(scheduler.awaitOffer(), 3600));
            assertThat(scheduler.receives(Event.Type.OFFERS, e -> true, QUIET)).isFalse();
            scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE));
            scheduler.awaitOffer();
        }
    }

    @Test
    void suppressStopsOffersUntilRevive() {
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("suppress").build())) {
            Offer offer = scheduler.awaitOffer();
            scheduler.call(Call.newBuilder().setType(Call.Type.SUPPRESS));
            scheduler.call(decline(offer, 0));
            assertThat(scheduler.receives(Event.Type.OFFERS, e -> true, QUIET)).isFalse();
            scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE));
            scheduler.awaitOffer();
        }
    }

    @Test
    void frameworkSubscribingWithItsRoleSuppressedGetsNoOffersUntilRevive() {
        try (TestScheduler scheduler = TestScheduler.start(cluster.master(), TestScheduler.framework("suppressed").build(), "*")) {
            scheduler.await(Event.Type.SUBSCRIBED);
            assertThat(scheduler.receives(Event.Type.OFFERS, e -> true, QUIET)).isFalse();
            scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE));
            scheduler.awaitOffer();
        }
    }

    @Test
    void multiRoleFrameworkIsOfferedForItsRole() {
        FrameworkInfo info = TestScheduler.framework("multi-role").addRoles("web")
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE)).build();
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), info)) {
            Offer offer = scheduler.awaitOffer();
            assertThat(offer.getAllocationInfo().getRole()).isEqualTo("web");
            assertThat(offer.getResourcesList()).allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo("web"));
        }
    }

    @Test
    void rolesWithoutMultiRoleCapabilityAreRefused() {
        try (TestScheduler scheduler = TestScheduler.start(cluster.master(), TestScheduler.framework("roles").addRoles("web").build())) {
            assertThat(scheduler.await(Event.Type.ERROR).getError().getMessage())
                    .isEqualTo("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
        }
    }

    @Test
    void offeredResourcesAreNotOfferedToAnotherFramework() {
        try (TestScheduler first = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("first").build())) {
            Offer offer = first.awaitOffer();
            try (TestScheduler second = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("second").build())) {
                assertThat(second.receives(Event.Type.OFFERS, e -> true, QUIET)).isFalse();
                first.call(decline(offer, 3600));
                assertThat(second.awaitOffer().getAgentId()).isEqualTo(offer.getAgentId());
            }
        }
    }

    @Test
    @Tag(ClusterUnderTest.LOCAL_ONLY)
    void offersAreRescindedAfterTheOfferTimeout() throws Exception {
        cluster.close();
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir.resolve("rescind"))
                .withMasterTimings(ClusterUnderTest.HEARTBEAT, Duration.ofMillis(200), Optional.of(Duration.ofMillis(500))));
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("rescind").build())) {
            Offer offer = scheduler.awaitOffer();
            Event rescind = scheduler.await(Event.Type.RESCIND);
            assertThat(rescind.getRescind().getOfferId()).isEqualTo(offer.getId());
            // the resources come back in a new offer
            assertThat(scheduler.awaitOffer().getId()).isNotEqualTo(offer.getId());
        }
    }

    static Call.Builder decline(Offer offer, double refuseSeconds) {
        return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds)));
    }
}
