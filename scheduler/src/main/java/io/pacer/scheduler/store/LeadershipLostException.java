package io.pacer.scheduler.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A write refused because the Pacer making it no longer leads: the election node its leadership stands on is gone
 * (its ZooKeeper session expired, or it abdicated), so another Pacer may be writing now (docs/ha.md, fencing).
 * Nothing was written.
 */
public final class LeadershipLostException extends UncheckedIOException {
    public LeadershipLostException(String key, String electionNode) {
        super("refused to change " + key + ": this Pacer no longer leads (its election node " + electionNode + " is gone)",
                new IOException("election node " + electionNode + " is gone"));
    }
}
