package io.pacer.discovery.zk;

import io.pacer.discovery.view.EndpointView;

/**
 * The newest view not yet written to ZooKeeper: the watcher hands views over without waiting, and a writer that
 * falls behind (ZooKeeper slow or away) skips the views in between.
 */
final class LatestView {
    private EndpointView pending;

    synchronized void offer(EndpointView view) {
        pending = view;
        notifyAll();
    }

    synchronized EndpointView take() throws InterruptedException {
        while (pending == null) {
            wait();
        }
        EndpointView view = pending;
        pending = null;
        return view;
    }

    /** A view that could not be written, to be tried again unless a newer one came meanwhile. */
    synchronized void putBack(EndpointView view) {
        if (pending == null) {
            pending = view;
        }
    }
}
