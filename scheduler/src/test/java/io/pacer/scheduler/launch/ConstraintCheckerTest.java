package io.pacer.scheduler.launch;

import static io.pacer.scheduler.launch.OfferResourcesTest.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.scheduler.app.Constraint;
import io.pacer.scheduler.app.Constraint.Operator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ConstraintCheckerTest {
    private static final Offer AGENT_1 = withRack(offer("agent-1", 4, 4096, 31000, 32000), "r1");

    @Test
    void uniqueAllowsOneTaskPerValue() {
        List<Constraint> unique = List.of(c("hostname", Operator.UNIQUE, null));
        assertThat(ConstraintChecker.allows(unique, AGENT_1, List.of())).isTrue();
        assertThat(ConstraintChecker.allows(unique, AGENT_1, List.of(Map.of("hostname", "agent-1")))).isFalse();
        assertThat(ConstraintChecker.allows(unique, AGENT_1, List.of(Map.of("hostname", "agent-2")))).isTrue();
    }

    @Test
    void clusterLikeUnlikeAndIsLookAtTheValue() {
        assertThat(allows(c("rack", Operator.CLUSTER, "r1"))).isTrue();
        assertThat(allows(c("rack", Operator.CLUSTER, "r2"))).isFalse();
        assertThat(allows(c("hostname", Operator.LIKE, "agent-[0-9]"))).isTrue();
        assertThat(allows(c("hostname", Operator.LIKE, "db-.*"))).isFalse();
        assertThat(allows(c("hostname", Operator.UNLIKE, "agent-1"))).isFalse();
        assertThat(allows(c("zone", Operator.UNLIKE, "x"))).as("no such attribute: nothing to be unlike").isTrue();
        assertThat(allows(c("zone", Operator.LIKE, ".*"))).as("no such attribute: nothing to be like").isFalse();
        assertThat(allows(c("rack", Operator.IS, "r1"))).isTrue();
    }

    @Test
    void maxPerCountsTasksWithTheSameValue() {
        List<Constraint> maxTwo = List.of(c("rack", Operator.MAX_PER, "2"));
        assertThat(ConstraintChecker.allows(maxTwo, AGENT_1, List.of(Map.of("rack", "r1")))).isTrue();
        assertThat(ConstraintChecker.allows(maxTwo, AGENT_1, List.of(Map.of("rack", "r1"), Map.of("rack", "r1")))).isFalse();
    }

    @Test
    void groupBySpreadsEvenly() {
        List<Constraint> byRack = List.of(c("rack", Operator.GROUP_BY, "2"));
        assertThat(ConstraintChecker.allows(byRack, AGENT_1, List.of(Map.of("rack", "r1")))).as("r2 not used yet").isFalse();
        assertThat(ConstraintChecker.allows(byRack, AGENT_1, List.of(Map.of("rack", "r1"), Map.of("rack", "r2")))).isTrue();
        assertThat(ConstraintChecker.allows(byRack, AGENT_1,
                List.of(Map.of("rack", "r1"), Map.of("rack", "r1"), Map.of("rack", "r2")))).isFalse();
        assertThat(ConstraintChecker.valuesOf(byRack, AGENT_1)).isEqualTo(Map.of("rack", "r1"));
    }

    private static boolean allows(Constraint constraint) {
        return ConstraintChecker.allows(List.of(constraint), AGENT_1, List.of());
    }

    private static Constraint c(String field, Operator op, String value) {
        return new Constraint(field, op, Optional.ofNullable(value));
    }

    private static Offer withRack(Offer offer, String rack) {
        return offer.toBuilder().addAttributes(Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue(rack))).build();
    }
}
