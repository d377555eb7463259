package io.pacer.scheduler.store;

import java.util.regex.Pattern;

/** The syntax of a {@link StateStore} key, checked alike by every store so that a key good for one is good for all. */
final class StoreKey {
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    /** The file store writes {@code <key>.tmp} first; a key of that name would be taken for a torn write and lost. */
    static final String TEMP_SUFFIX = ".tmp";

    private StoreKey() {
    }

    /** {@code key}, when it is one; folders have the same syntax, so that any key's folder is one. */
    static String check(String key) {
        if (!isPath(key) || key.endsWith(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("not a store key: " + key);
        }
        return key;
    }

    static String checkFolder(String folder) {
        if (!isPath(folder)) {
            throw new IllegalArgumentException("not a store folder: " + folder);
        }
        return folder;
    }

    /** "." and ".." would leave the store's folder, and ZooKeeper refuses them as znode names. */
    private static boolean isPath(String path) {
        if (!SYNTAX.matcher(path).matches()) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
