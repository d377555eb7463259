package io.pacer.localcluster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class AgentAttributesTest {
    @Test
    void readsTextScalarAndRangesAsMesosDoes() {
        AgentAttributes attributes = AgentAttributes.parse("rack:r1; cores:8;slots:[1-4,10-12]");

        assertThat(attributes.of(0)).containsExactly(
                Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue("r1")).build(),
                Attribute.newBuilder().setName("cores").setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(8)).build(),
                Attribute.newBuilder().setName("slots").setType(Value.Type.RANGES).setRanges(Value.Ranges.newBuilder()
                        .addRange(Value.Range.newBuilder().setBegin(1).setEnd(4))
                        .addRange(Value.Range.newBuilder().setBegin(10).setEnd(12))).build());
    }

    @Test
    void oneSpecIsEveryAgentsAndSeveralAreOneEach() {
        AgentAttributes shared = AgentAttributes.parse("zone:a");
        shared.requireFits(3);
        assertThat(shared.of(2)).extracting(a -> a.getText().getValue()).containsExactly("a");

        AgentAttributes each = AgentAttributes.parse("rack:r1|rack:r2|rack:r3");
        each.requireFits(3);
        assertThat(each.of(1)).extracting(a -> a.getText().getValue()).containsExactly("r2");
        assertThat(AgentAttributes.NONE.of(5)).isEmpty();
        assertThatThrownBy(() -> each.requireFits(2)).hasMessage(
                "3 attribute specs for 2 agents: give one spec for every agent, or one per agent separated by |");
    }

    @Test
    void refusesWhatMesosRefuses() {
        assertThatThrownBy(() -> AgentAttributes.parse("rack")).hasMessage("bad attribute 'rack': expected name:value, e.g. rack:r1");
        assertThatThrownBy(() -> AgentAttributes.parse("rack:")).hasMessage("bad attribute 'rack:': expected name:value, e.g. rack:r1");
        assertThatThrownBy(() -> AgentAttributes.parse("disks:{a,b}"))
                .hasMessage("bad attribute 'disks': a set is not an attribute value (Mesos takes text, a number or ranges)");
    }
}
