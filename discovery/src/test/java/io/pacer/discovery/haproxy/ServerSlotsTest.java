package io.pacer.discovery.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ServerSlotsTest {
    private final ServerSlots slots = new ServerSlots();

    @Test
    void anEndpointKeepsItsSlotAndAChangeTouchesOnlyTheSlotsThatChanged() {
        slots.assign(Set.of("10.0.0.1:31000", "10.0.0.1:31001"));

        var changes = slots.assign(Set.of("10.0.0.1:31001", "10.0.0.1:31002", "10.0.0.1:31003"));

        assertThat(slots.at(1)).contains("10.0.0.1:31001");
        assertThat(changes).containsExactly(new ServerSlots.Change(0, Optional.of("10.0.0.1:31002")),
                new ServerSlots.Change(2, Optional.of("10.0.0.1:31003")));
        assertThat(slots.assign(Set.of("10.0.0.1:31002"))).containsExactly(new ServerSlots.Change(1, Optional.empty()),
                new ServerSlots.Change(2, Optional.empty()));
        assertThat(slots.size()).isEqualTo(ServerSlots.FIRST_SIZE);
    }

    @Test
    void slotsDoubleWhenTheyRunOut() {
        Set<String> many = Set.copyOf(IntStream.range(0, ServerSlots.FIRST_SIZE + 1).mapToObj(i -> "10.0.0.1:" + (31000 + i)).toList());

        assertThat(slots.assign(many)).hasSize(ServerSlots.FIRST_SIZE + 1);
        assertThat(slots.size()).isEqualTo(2 * ServerSlots.FIRST_SIZE);
    }
}
