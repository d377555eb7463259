package io.pacer.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a relative path under a root the way the kernel will, following the symlinks that exist under the
 * root, and says whether it stays inside. A purely lexical check is not enough: with {@code y -> .}, the path
 * {@code y/../x} looks inside but lands next to the root.
 */
final class ContainedPath {

    /** Linux gives up after 40 symlinks too. */
    private static final int MAX_SYMLINK_HOPS = 40;

    private ContainedPath() {
    }

    static boolean staysInside(Path root, Path relative) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        relative.forEach(part -> pending.addLast(part.toString()));
        List<String> resolved = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (resolved.isEmpty()) {
                    return false;
                }
                resolved.remove(resolved.size() - 1);
                continue;
            }
            resolved.add(part);
            Path current = root.resolve(String.join("/", resolved));
            if (Files.isSymbolicLink(current)) {
                Path target = Files.readSymbolicLink(current);
                if (target.isAbsolute() || ++hops > MAX_SYMLINK_HOPS) {
                    return false;
                }
                resolved.remove(resolved.size() - 1);
                List<String> targetParts = new ArrayList<>();
                target.forEach(p -> targetParts.add(p.toString()));
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetParts.get(i));
                }
            }
        }
        return true;
    }
}
