package io.pacer.executor.spec;

import java.util.List;

/**
 * The task's own resources from {@code TaskInfo.resources}: scalars summed over roles and reservations, and the
 * host ports in the order their ranges list them (that order is PORT0, PORT1, ...).
 */
public record TaskResources(double cpus, double memMb, double diskMb, double gpus, List<Integer> ports) {
    public TaskResources {
        ports = List.copyOf(ports);
    }

    /** A resource amount as Marathon prints it: whole numbers without a fraction (64, not 64.0). */
    public static String format(double amount) {
        return amount == Math.rint(amount) ? String.valueOf((long) amount) : String.valueOf(amount);
    }
}
