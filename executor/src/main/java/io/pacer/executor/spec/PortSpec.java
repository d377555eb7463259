package io.pacer.executor.spec;

import java.util.Optional;

/**
 * What the app declared for the port at the same index of the task's {@code ports} resource: a name (for
 * {@code PORT_<NAME>}) and the port number it asked for (for {@code PORT_<number>}), as Marathon exposes them.
 */
public record PortSpec(Optional<String> name, Optional<Integer> number) {
}
