package io.pacer.cgroups;

/** Byte counts as Mesos prints them (stout's {@code Bytes} operator<<): the largest unit that loses nothing. */
final class MesosBytes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private MesosBytes() {
    }

    static String format(long bytes) {
        long value = bytes;
        int unit = 0;
        while (value != 0 && value % 1024 == 0 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value + UNITS[unit];
    }
}
