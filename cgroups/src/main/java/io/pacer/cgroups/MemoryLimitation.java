package io.pacer.cgroups;

import java.util.OptionalLong;

/**
 * A container (or task) the kernel killed in for passing its memory limit.
 *
 * @param peakBytes  the most it ever used, where the kernel kept count
 * @param statistics memory.stat at the time, where it could be read ("" otherwise)
 */
public record MemoryLimitation(long limitBytes, OptionalLong peakBytes, String statistics) {
    /**
     * As Mesos's memory isolator words it (MemorySubsystemProcess::oomWaited in
     * src/slave/containerizer/mesos/isolators/cgroups/subsystems/memory.cpp):
     * {@code Memory limit exceeded: Requested: 64MB Maximum Used: 64MB}, then the memory statistics.
     */
    public String message() {
        StringBuilder message = new StringBuilder("Memory limit exceeded: Requested: ").append(MesosBytes.format(limitBytes));
        peakBytes.ifPresent(peak -> message.append(" Maximum Used: ").append(MesosBytes.format(peak)));
        if (!statistics.isEmpty()) {
            message.append("\n\nMEMORY STATISTICS: \n").append(statistics).append('\n');
        }
        return message.toString();
    }
}
