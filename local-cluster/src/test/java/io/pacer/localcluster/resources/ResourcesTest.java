package io.pacer.localcluster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTest {
    private final Resources agent = ResourceSpec.parse("cpus:4;mem:8192;disk:20000;ports:[31000-32000]");

    @Test
    void parsesMesosResourceText() {
        assertThat(agent.scalar("cpus")).isEqualTo(4);
        assertThat(agent.scalar("mem")).isEqualTo(8192);
        assertThat(agent.ranges()).containsEntry("ports", List.of(new PortRange(31000, 32000)));
    }

    @Test
    void subtractingPortsSplitsTheRange() {
        Resources left = agent.minus(Resources.ranges("ports", List.of(new PortRange(31005, 31006))));
        assertThat(left.ranges().get("ports")).containsExactly(new PortRange(31000, 31004), new PortRange(31007, 32000));
        assertThat(left.contains(Resources.ranges("ports", List.of(new PortRange(31006, 31006))))).isFalse();
        assertThat(left.plus(Resources.ranges("ports", List.of(new PortRange(31005, 31006))))).isEqualTo(agent);
    }

    @Test
    void scalarsAreExactToThreeDecimals() {
        Resources tenths = Resources.EMPTY;
        for (int i = 0; i < 10; i++) {
            tenths = tenths.plus(Resources.scalar("cpus", 0.1));
        }
        assertThat(tenths).isEqualTo(Resources.scalar("cpus", 1));
        assertThat(agent.minus(Resources.scalar("cpus", 0.3)).toString()).startsWith("cpus:3.7;");
    }

    @Test
    void roundTripsThroughProtobuf() {
        assertThat(Resources.fromProtos(agent.toProtos("web"))).isEqualTo(agent);
        assertThat(agent.toProtos("web").get(0).getAllocationInfo().getRole()).isEqualTo("web");
    }

    @Test
    void refusesToSubtractWhatIsNotThere() {
        assertThatThrownBy(() -> agent.minus(Resources.scalar("gpus", 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badTextIsRefusedWithTheItemNamed() {
        assertThatThrownBy(() -> ResourceSpec.parse("cpus:four")).hasMessageContaining("'four'").hasMessageContaining("cpus");
        assertThatThrownBy(() -> ResourceSpec.parse("ports:[5-1]")).hasMessageContaining("ends before it begins");
    }
}
