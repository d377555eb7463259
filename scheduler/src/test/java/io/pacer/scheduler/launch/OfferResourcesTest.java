package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class OfferResourcesTest {
    static Offer offer(String host, double cpus, double mem, long portsBegin, long portsEnd) {
        return Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue("o-" + host))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(AgentID.newBuilder().setValue("agent-" + host))
                .setHostname(host)
                .addResources(OfferResources.scalar("cpus", cpus))
                .addResources(OfferResources.scalar("mem", mem))
                .addResources(OfferResources.scalar("disk", 1000))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(portsBegin).setEnd(portsEnd))))
                .build();
    }

    @Test
    void readsUnreservedResourcesAndIgnoresReservedOnes() {
        Offer offer = offer("a", 2, 1024, 31000, 31009).toBuilder()
                .addResources(OfferResources.scalar("cpus", 8).toBuilder().setRole("db")).build();

        OfferResources r = OfferResources.of(offer);

        assertThat(r.cpus()).isEqualTo(2.0);
        assertThat(r.mem()).isEqualTo(1024.0);
        assertThat(r.ports()).containsExactly(new PortRange(31000, 31009));
    }

    @Test
    void placementsTakeFromWhatIsLeftUntilItRunsOut() {
        OfferResources r = OfferResources.of(offer("a", 1, 256, 31000, 31002));

        OfferResources.Taken first = r.take(0.5, 128, 0, List.of(0)).orElseThrow();
        OfferResources.Taken second = first.remaining().take(0.5, 128, 0, List.of(0, 0)).orElseThrow();

        assertThat(first.ports()).containsExactly(31000);
        assertThat(second.ports()).containsExactly(31001, 31002);
        assertThat(second.remaining().take(0.1, 1, 0, List.of())).isEmpty();
        assertThat(first.remaining().take(0.5, 128, 0, List.of(0, 0, 0))).as("only two ports are left").isEmpty();
    }

    @Test
    void requestedPortsAreTakenExactlyOrNotAtAll() {
        OfferResources r = OfferResources.of(offer("a", 1, 256, 31000, 31010));

        OfferResources.Taken taken = r.take(0.1, 32, 0, List.of(31005, 0)).orElseThrow();

        assertThat(taken.ports()).containsExactly(31005, 31000);
        assertThat(taken.remaining().ports()).containsExactly(new PortRange(31001, 31004), new PortRange(31006, 31010));
        assertThat(taken.remaining().take(0.1, 32, 0, List.of(31005))).as("31005 is gone").isEmpty();
        assertThat(r.take(0.1, 32, 0, List.of(8080))).as("not offered").isEmpty();
    }
}
