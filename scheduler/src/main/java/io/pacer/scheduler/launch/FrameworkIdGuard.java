package io.pacer.scheduler.launch;

import java.util.Optional;

/**
 * The rule that keeps a lost framework id from starting every app twice (Marathon #2224): a state that holds apps
 * or tasks but no framework id belonged to a framework Mesos may still run; subscribing without an id would
 * register a new one beside it. Pacer refuses, unless told with {@code --new-framework} that the old one is gone.
 * A fresh state (nothing in it) registers as usual.
 */
public final class FrameworkIdGuard {
    private FrameworkIdGuard() {
    }

    /** Why this state must not subscribe without a framework id, if it must not. */
    public static Optional<String> refusal(Optional<String> storedId, int apps, int tasks, boolean newFramework) {
        if (storedId.isPresent() || newFramework || apps == 0 && tasks == 0) {
            return Optional.empty();
        }
        return Optional.of("the state holds " + apps + " app(s) and " + tasks + " task(s) but no framework id (it was lost, or "
                + "Mesos removed the framework): registering as a new framework would start every app again beside "
                + "whatever the old framework still runs. If the old framework is gone from Mesos (the master's /frameworks "
                + "lists it under completed_frameworks, or not at all), start Pacer with --new-framework to register anew "
                + "(docs/ha.md)");
    }
}
